#!/usr/bin/env python3
"""Analyse a work plan: who carries what, and which targets it sets.

    analysis.py [PLAN.txt|PLAN.cbor] [-o matrix.png]

Imports the document (or loads a saved plan), prints the responsibility
matrix (units × top-level sections) and the indicator table, and draws the
matrix as a heatmap PNG with Chinese labels (matplotlib, Debian
python3-matplotlib, with a CJK font such as fonts-noto-cjk).
"""
import argparse
import pathlib
import sys

import workplan

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT = HERE.parent / "plans" / "work_plan.txt"
CJK_FONTS = ["Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei",
             "Source Han Sans SC", "SimHei", "Microsoft YaHei"]


def load(path: pathlib.Path) -> workplan.Plan:
    if path.suffix == ".cbor":
        return workplan.load(path)
    return workplan.from_file(path)


def print_matrix(matrix: workplan.Matrix) -> None:
    labels = [matrix.column_label(c) for c in matrix.columns]
    print("unit\t" + "\t".join(labels) + "\ttotal  (lead/support/responsible)")
    for unit, cells, total in matrix.rows():
        row = [f"{c['lead']}/{c['support']}/{c['responsible']}" for c in cells]
        print(f"{unit.name}\t" + "\t".join(row) +
              f"\t{total['lead']}/{total['support']}/{total['responsible']}")


def print_indicators(plan: workplan.Plan) -> None:
    print("node\tsubject\ttarget\tdeadline")
    for row in plan.indicators():
        d = row.node.deadline
        print(f"{row.node.id}\t{row.subject or ''}\t{row.op} {row.target:g}{row.unit or ''}"
              f"\t{d.end.isoformat() if d else ''}")


def cjk_font():
    """The first installed CJK font, or None."""
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    return None


def draw(matrix: workplan.Matrix, title: str, out: pathlib.Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    if font is None:
        sys.exit("no CJK font found: install fonts-noto-cjk (Chinese labels would be boxes)")
    plt.rcParams["font.family"] = font
    plt.rcParams["axes.unicode_minus"] = False

    frame = matrix.to_dataframe()  # units × sections, all roles summed
    fig, ax = plt.subplots(figsize=(1.2 + 0.9 * len(frame.columns), 1.0 + 0.45 * len(frame.index)))
    im = ax.imshow(frame.values, cmap="YlOrRd", aspect="auto")
    ax.set_xticks(range(len(frame.columns)), labels=list(frame.columns))
    ax.set_yticks(range(len(frame.index)), labels=list(frame.index))
    for i in range(len(frame.index)):
        for j in range(len(frame.columns)):
            ax.text(j, i, int(frame.values[i, j]), ha="center", va="center", fontsize=9)
    ax.set_title(f"{title}：责任分布")
    fig.colorbar(im, ax=ax, label="任务数")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("plan", nargs="?", type=pathlib.Path, default=DEFAULT)
    ap.add_argument("-o", "--output", type=pathlib.Path, default=pathlib.Path("matrix.png"))
    args = ap.parse_args(argv)
    try:
        plan = load(args.plan)
    except workplan.Error as e:
        print(f"{args.plan}: {e}", file=sys.stderr)
        return 1
    print(f"{plan.title} ({plan.kind}, {plan.year}): {len(plan)} nodes, {len(plan.units)} units\n")
    matrix = plan.matrix()
    print_matrix(matrix)
    print()
    print_indicators(plan)
    draw(matrix, plan.title or "plan", args.output)
    print(f"\nheatmap: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
