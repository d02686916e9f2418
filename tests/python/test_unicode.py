"""Unicode identifiers (PEP 3131): NFKC-normalised names, exported under
their UTF-8 names, callable through ctypes, llcc.load and SciPy; diagnostics
that point at the right character; and the characters Python rejects."""
import ctypes
import random
import sys
import textwrap
import unicodedata

import numpy as np
import pytest
import scipy.ndimage as ndi

from conftest import REPO, CompiledLibrary, image, run_llcc

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402

SOURCE = textwrap.dedent("""\
    import numpy as np


    def größe(values):
        gewicht = 0.5
        summe = 0.0
        for v in values:
            summe += v * gewicht
        return summe


    def ﬁlter_ｍａｘ(values):
        μ = -np.inf
        for v in values:
            if v > μ:
                μ = v
        return μ


    def 最小値(values):
        return min(values)
    """)
# What CPython calls the functions after NFKC normalisation.
NAMES = ["größe", "filter_max", "最小値"]


@pytest.fixture(scope="module")
def unicode_so(llcc, tmp_path_factory):
    path = tmp_path_factory.mktemp("unicode") / "namen.flt"
    path.write_text(SOURCE, encoding="utf-8")
    so = path.with_suffix(".so")
    proc = run_llcc(llcc, path, "-o", so)
    assert proc.returncode == 0, proc.stderr
    return so


def python_functions():
    namespace = {}
    exec(compile(SOURCE, "namen.flt", "exec"), namespace)
    return namespace


def test_cpython_sees_the_normalised_names():
    namespace = python_functions()
    for name in NAMES:
        assert name in namespace


@pytest.mark.parametrize("name", NAMES)
def test_scipy_through_ctypes(unicode_so, name):
    img = image("camera24")
    expected = ndi.generic_filter(img, python_functions()[name], size=3)
    got = ndi.generic_filter(img, CompiledLibrary(unicode_so)[name], size=3)
    np.testing.assert_array_equal(got, expected)


def test_exported_symbols_are_utf8(unicode_so):
    cdll = ctypes.CDLL(str(unicode_so))
    for name in NAMES:
        assert getattr(cdll, name) is not None
    with pytest.raises(AttributeError):
        getattr(cdll, "ﬁlter_ｍａｘ")  # only the normalised name is exported


def test_llcc_load_and_compile(unicode_so):
    lib = llcc.load(unicode_so)
    assert sorted(lib.functions) == sorted(NAMES)
    img = image("camera24")
    for name in NAMES:
        expected = ndi.generic_filter(img, python_functions()[name], size=3)
        np.testing.assert_array_equal(ndi.generic_filter(img, lib[name], size=3), expected)
    compiled = llcc.compile(SOURCE, filename="namen.flt")
    np.testing.assert_array_equal(
        ndi.generic_filter(img, getattr(compiled, "größe"), size=3),
        ndi.generic_filter(img, python_functions()["größe"], size=3))


def test_describe_prints_utf8(llcc, unicode_so):
    proc = run_llcc(llcc, "--describe", unicode_so)
    assert proc.returncode == 0
    assert '"name": "größe"' in proc.stdout


def test_nfkc_matches_cpython(llcc, tmp_path):
    """Every identifier character that NFKC changes, and random identifiers
    mixing letters with combining marks, come out of the lexer as
    unicodedata.normalize('NFKC', ...) says (characters the grammar's older
    Unicode tables do not know are left out)."""
    rng = random.Random(3131)
    chars = [chr(c) for c in range(0x80, 0x30000)
             if unicodedata.ucd_3_2_0.category(chr(c)) != "Cn"
             and ("a" + chr(c)).isidentifier()]
    changing = [c for c in chars if unicodedata.normalize("NFKC", c) != c]
    marks = [c for c in chars if unicodedata.combining(c)]
    names = ["a" + c for c in changing]
    for _ in range(3000):
        names.append("a" + "".join(rng.choice(chars if rng.random() < 0.5 else marks)
                                   for _ in range(rng.randint(1, 5))))
    for _ in range(1000):
        names.append("".join(rng.choice("aeouAOUncyz") + "".join(
            rng.choice(marks[:120]) for _ in range(rng.randint(0, 3))) for _ in range(3)))
    path = tmp_path / "names.flt"
    path.write_text("\n".join(names) + "\n", encoding="utf-8")
    proc = run_llcc(llcc, path, "--emit", "tokens")
    assert proc.returncode == 0, proc.stderr[:2000]
    lexed = [line.split(" ", 2)[2][1:-1] for line in proc.stdout.splitlines()
             if " NAME " in line]
    assert len(lexed) == len(names)
    wrong = [(n, got) for n, got in zip(names, lexed)
             if unicodedata.normalize("NFKC", n) != got]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("line, col, char", [
    ("    x€ = 1", 6, "€"),      # not an identifier character at all
    ("    ١x = 1", 5, "١"),       # a digit cannot start a name
    ("    größe² = 1", 10, "²"),  # superscripts are not identifier characters
])
def test_rejected_characters(llcc, tmp_path, line, col, char):
    """Python's own message, with the caret under the character (columns
    count code points, as CPython's do)."""
    source = f"def f(values):\n{line}\n    return 0.0\n"
    path = tmp_path / "bad.flt"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(SyntaxError) as info:
        compile(source, "bad.flt", "exec")
    assert info.value.offset == col
    proc = run_llcc(llcc, path, "--check")
    assert proc.returncode == 1
    code = f"U+{ord(char):04X}"
    assert f"bad.flt:2:{col}: error: invalid character '{char}' ({code})" in proc.stderr
    shown, caret = proc.stderr.splitlines()[1:3]
    assert shown == "    " + line
    assert caret == "    " + " " * (col - 1) + "^"
