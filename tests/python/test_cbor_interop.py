"""Interoperability of the workplan CBOR format with Python's cbor2.

cbor2 (Debian python3-cbor2) is an independent CBOR implementation: it must
decode what libworkplan writes, and libworkplan must load what cbor2 writes
when it follows doc/FORMAT.md. The C side is reached through the small
``wpvector`` tool that meson builds (path in WP_VECTOR_TOOL).
"""
import os
import pathlib
import subprocess

import pytest

cbor2 = pytest.importorskip("cbor2")

TOOL = os.environ.get("WP_VECTOR_TOOL")
VECTORS = pathlib.Path(os.environ.get("WP_VECTORS", pathlib.Path(__file__).parent.parent / "vectors"))
WPLN = 0x57504C4E  # "WPLN"

pytestmark = pytest.mark.skipif(not TOOL, reason="WP_VECTOR_TOOL not set (run through meson test)")


def run(*args):
    return subprocess.run([TOOL, *map(str, args)], check=True, capture_output=True).stdout


def document(plan):
    """A workplan document as an independent encoder would build it."""
    return cbor2.CBORTag(55799, cbor2.CBORTag(WPLN, {0: 1, 1: plan}))


def test_cbor2_decodes_library_output(tmp_path):
    out = tmp_path / "rich.cbor"
    run("rich", out)
    data = out.read_bytes()
    assert data[:8] == bytes.fromhex("d9d9f7da57504c4e")
    doc = cbor2.loads(data)  # cbor2 strips the self-describe tag
    assert isinstance(doc, cbor2.CBORTag) and doc.tag == WPLN
    assert doc.value[0] == 1
    plan = doc.value[1]
    assert plan[2] == 0  # kind work_plan
    assert plan[3] == "市科协2024年工作要点"
    assert plan[5] == {1: "渝科协发〔2024〕17号", 2: "渝科协发", 3: 2024, 4: 17}
    assert plan[6] == 20240326
    units = plan[15]
    assert [u[2] for u in units] == ["办公室", "科普部", "青少年科技中心"]
    assert units[1][3] == ["市科协科普部"]
    # the top level: a paragraph, the section, the attachment
    assert [n[2] for n in plan[17]] == [5, 0, 6]
    # keys are written in ascending order (deterministic encoding)
    assert list(plan.keys()) == sorted(plan.keys())
    # and cbor2's own canonical encoding of the decoded value is byte-identical
    assert cbor2.dumps(cbor2.CBORTag(55799, doc), canonical=True) == data


def test_library_loads_cbor2_output(tmp_path):
    plan = {
        2: 1,  # implementation_plan
        3: "實施方案",
        9: 2025,
        10: "zh-Hant",
        11: ["各區縣科協"],
        15: [{1: "u1", 2: "辦公室"}, {1: "u2", 2: "科普部", 3: ["市科協科普部"]}],
        16: {"oa.rev": 3, "w": 0.5, "ok": True},
        17: [
            {1: "1", 2: 0, 3: "一", 4: 1, 5: "總體要求",
             15: [{1: "1.t1", 2: 4, 6: "全年開展活動不少於100場次",
                   8: {1: "年底前", 3: 20251231, 4: 4},
                   10: [{1: 1, 2: 0}, {1: 0, 2: 1}],
                   11: [{1: "不少於100場次", 3: 1, 4: 100, 5: "場次"}],
                   12: [{1: 20250630, 5: 2, 6: [[0, 46]]}]}]},
        ],
    }
    src = tmp_path / "cbor2.cbor"
    src.write_bytes(cbor2.dumps(document(plan), canonical=True))
    out = tmp_path / "resaved.cbor"
    run("roundtrip", src, out)
    assert out.read_bytes() == src.read_bytes()
    text = run("json", src).decode()
    assert '"title": "實施方案"' in text
    assert '"actual": 46' in text


def test_library_rejects_what_the_cddl_forbids(tmp_path):
    bad = tmp_path / "bad.cbor"
    bad.write_bytes(cbor2.dumps(document({2: 0, 3: 17}), canonical=True))
    proc = subprocess.run([TOOL, "json", bad], capture_output=True)
    assert proc.returncode == 1
    assert b"plan title" in proc.stderr and b"expected text string" in proc.stderr


@pytest.mark.parametrize("vector", sorted(VECTORS.glob("*.cbor")), ids=lambda p: p.stem)
def test_vectors_decode_with_cbor2(vector):
    doc = cbor2.loads(vector.read_bytes())
    assert doc.tag == WPLN and doc.value[0] == 1 and 2 in doc.value[1]
