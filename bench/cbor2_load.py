"""The peer for loading: Python's cbor2 reading the same corpus file.

Reads the CBOR sequence written by `wpbench gen` one item at a time, as a
user would (`cbor2.load` on the open file until EOF), with the garbage
collector on, and prints the time.  usage: cbor2_load.py CORPUS.cbor
"""
import sys
import time

import cbor2


def main(path):
    start = time.perf_counter()
    plans = []
    with open(path, "rb") as f:
        size = f.seek(0, 2)
        f.seek(0)
        while f.tell() < size:
            plans.append(cbor2.load(f))
    elapsed = time.perf_counter() - start
    print(f"cbor2: {len(plans)} plans in {elapsed * 1000:.0f} ms")
    print(f"cbor2_ms={elapsed * 1000:.0f}")


if __name__ == "__main__":
    main(sys.argv[1])
