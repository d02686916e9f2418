"""The comparator networks of abi/MedianBox.cpp (the 5x5 median kernel with
shared column sorts), made and checked.

    python3 scripts/median_box_networks.py          # print the three tables
    python3 scripts/median_box_networks.py --check  # compare with MedianBox.cpp

Each network is Batcher's merge-exchange sorting network (Knuth, TAOCP
5.2.2, Algorithm M) pruned twice: comparators that never exchange anything
when their input columns are sorted (run on every 0-1 input with sorted
columns: a comparator that exchanges for some real input exchanges for the
0-1 input its threshold makes, which has sorted columns too), then those the
wanted outputs do not depend on. Each result is then checked on every such
0-1 input, which by the 0-1 principle proves it for every input with sorted
columns: ColumnSort sorts five values; Core leaves ranks 7..12 of four
sorted columns of five on wires 7..12; Merge, given those six ranks and a
fifth sorted column, leaves the 13th smallest of the 25 on wire 5.
"""
import itertools
import re
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "abi" / "MedianBox.cpp"


def batcher(n):
    out, t = [], 0
    while (1 << t) < n:
        t += 1
    p = 1 << (t - 1)
    while p > 0:
        q, r, d = 1 << (t - 1), 0, p
        while True:
            out += [(i, i + d) for i in range(n - d) if i & p == r]
            if q == p:
                break
            d, q, r = q - p, q >> 1, p
        p >>= 1
    return out


def sorted_columns(columns, height):
    """Every 0-1 input of `columns` sorted columns (wire height*c + k)."""
    for ones in itertools.product(range(height + 1), repeat=columns):
        yield [bit for o in ones for bit in [0] * (height - o) + [1] * o]


def run(net, values):
    v = list(values)
    for i, j in net:
        if v[i] > v[j]:
            v[i], v[j] = v[j], v[i]
    return v


def prune(net, inputs, wanted):
    used = [False] * len(net)
    for values in inputs:
        v = list(values)
        for k, (i, j) in enumerate(net):
            if v[i] > v[j]:
                used[k] = True
                v[i], v[j] = v[j], v[i]
    needed, kept = set(wanted), []
    for i, j in reversed([c for c, u in zip(net, used) if u]):
        if i in needed or j in needed:
            kept.append((i, j))
            needed |= {i, j}
    return kept[::-1]


def networks():
    column_inputs = [[(x >> b) & 1 for b in range(5)] for x in range(32)]
    column = prune(batcher(5), column_inputs, range(5))
    assert all(run(column, v) == sorted(v) for v in column_inputs)

    core_inputs = list(sorted_columns(4, 5))
    core = prune(batcher(20), core_inputs, range(7, 13))
    assert all(run(core, v)[7:13] == sorted(v)[7:13] for v in core_inputs)

    merge_inputs = [[0] * (6 - a) + [1] * a + [0] * (5 - b) + [1] * b
                    for a in range(7) for b in range(6)]
    merge = prune(batcher(11), merge_inputs, [5])
    # The whole: the fifth column on either side of the shared four.
    for v in sorted_columns(5, 5):
        for own, shared in ((v[:5], v[5:]), (v[20:], v[:20])):
            assert run(merge, run(core, shared)[7:13] + own)[5] == sorted(v)[12]
    return {"ColumnSort": column, "Core": core, "Merge": merge}


def in_source():
    text = SOURCE.read_text()
    tables = {}
    for name in ("ColumnSort", "Core", "Merge"):
        body = re.search(r"constexpr Exchange " + name + r"\[\] = \{(.*?)\};", text, re.S).group(1)
        tables[name] = [(int(a), int(b)) for a, b in re.findall(r"\{(\d+),\s*(\d+)\}", body)]
    return tables


if __name__ == "__main__":
    made = networks()
    if "--check" in sys.argv:
        found = in_source()
        for name in made:
            if made[name] != found[name]:
                sys.exit(f"{SOURCE}: {name} is not the network this script makes")
        print("median box networks: ColumnSort, Core and Merge match and are correct "
              f"({len(made['ColumnSort'])}, {len(made['Core'])} and {len(made['Merge'])} comparators)")
    else:
        for name, net in made.items():
            print(name, ", ".join(f"{{{i}, {j}}}" for i, j in net))
