"""Tuples as values and constant arrays, end to end against CPython.

tests/python/tuples/natural.flt holds filters written the way numpy users
write them (a local binary pattern over a tuple of offsets with enumerate, a
weighted mean with zip, a 3x3 convolution with a list-of-lists kernel, a
helper returning (mean, var), a transform starting ``y, x = output_coords``,
...). Each is compiled by llcc and run through its SciPy entry point; the same
source run by CPython through the same call must give identical results.
The decorators' capture of tuple, list and ndarray globals and the runtime
errors of unpacking and indexing are checked the same way.
"""
import sys
import textwrap

import numpy as np
import pytest
import scipy.integrate as integrate
import scipy.ndimage as ndi

from conftest import REPO, image

if str(REPO / "python") not in sys.path:
    sys.path.insert(0, str(REPO / "python"))
import llcc  # noqa: E402
from test_kinds import python_functions  # noqa: E402

TUPLES_DIR = REPO / "tests" / "python" / "tuples"
NATURAL = TUPLES_DIR / "natural.flt"

FILTERS = ["local_binary_pattern", "weighted_mean", "convolve3x3", "coefficient_of_variation",
           "laplacian", "row_energy",
           "gaussian", "sobel_magnitude", "contrast", "quantize", "brightest_direction",
           "symmetry", "mean_above", "interquartile_mean", "extremes"]


@pytest.fixture(scope="module")
def natural(build):
    return llcc.load(build(NATURAL)), python_functions(NATURAL)


@pytest.fixture(scope="module")
def natural_kernels(build):
    """natural.flt with its whole-image kernels (--image-kernels)."""
    return llcc.load(build(NATURAL, "--image-kernels"))


def assert_same(compiled, expected):
    assert compiled.shape == expected.shape
    assert np.array_equal(compiled, expected, equal_nan=True), (
        f"max difference {np.nanmax(np.abs(compiled - expected))}")


def test_manifest_lists_every_function(natural):
    lib, _ = natural
    kinds = {f["name"]: f["kind"] for f in lib.manifest["functions"]}
    for name in FILTERS:
        assert kinds[name] == "filter"
    assert kinds["rotate_about_origin"] == kinds["mirror_rows"] == "transform"
    assert kinds["smooth_line"] == "filter1d" and kinds["polynomial"] == "integrand"
    assert "stats" not in kinds and "rotate" not in kinds  # helpers stay internal


@pytest.mark.parametrize("img", ["camera24", "random24"])
@pytest.mark.parametrize("name", FILTERS)
def test_natural_filters(natural, name, img):
    lib, py = natural
    data = image(img)
    with np.errstate(all="ignore"):
        compiled = ndi.generic_filter(data, lib[name], size=3, mode="mirror")
        expected = ndi.generic_filter(data, py[name], size=3, mode="mirror")
    assert_same(compiled, expected)


@pytest.mark.parametrize("name", ["local_binary_pattern", "weighted_mean", "laplacian",
                                  "row_energy", "gaussian", "brightest_direction", "mean_above"])
def test_natural_filters_as_whole_image_kernels(natural_kernels, natural, name):
    """llcc.generic_filter runs the filter body inlined into an image kernel."""
    _, py = natural
    lib = natural_kernels
    data = image("coins40")
    with np.errstate(all="ignore"):
        assert_same(llcc.generic_filter(data, lib[name], size=3, mode="nearest"),
                    ndi.generic_filter(data, py[name], size=3, mode="nearest"))


@pytest.mark.parametrize("threshold", [0.0, 100.0, 250.5])
def test_helper_returning_a_tuple_with_bound_parameter(natural, threshold):
    lib, py = natural
    data = image("coins40")
    compiled = ndi.generic_filter(data, lib.mean_above.bind(threshold=threshold), size=3)
    expected = ndi.generic_filter(data, py["mean_above"], size=3,
                                  extra_keywords={"threshold": threshold})
    assert_same(compiled, expected)


@pytest.mark.parametrize("angle", [0.0, 0.1, -0.7])
def test_transform_unpacking_output_coords(natural, angle):
    lib, py = natural
    data = image("camera24")
    compiled = ndi.geometric_transform(data, lib.rotate_about_origin.bind(angle=angle), order=1)
    expected = ndi.geometric_transform(data, py["rotate_about_origin"], order=1,
                                       extra_keywords={"angle": angle})
    assert_same(compiled, expected)
    assert_same(ndi.geometric_transform(data, lib.mirror_rows, order=0),
                ndi.geometric_transform(data, py["mirror_rows"], order=0))


def test_transform_unpacking_the_wrong_rank_raises_value_error(natural):
    lib, py = natural
    volume = np.arange(27.0).reshape(3, 3, 3)
    with pytest.raises(ValueError, match=r"too many values to unpack \(expected 2\)"):
        ndi.geometric_transform(volume, py["mirror_rows"])
    with pytest.raises(ValueError, match=r"too many values to unpack \(expected 2\)"):
        ndi.geometric_transform(volume, lib.mirror_rows)
    line = np.arange(5.0)
    with pytest.raises(ValueError, match=r"not enough values to unpack \(expected 2, got 1\)"):
        ndi.geometric_transform(line, lib.mirror_rows)


def test_filter1d_with_enumerate_over_taps(natural):
    lib, py = natural
    data = image("random24")
    for axis in (0, 1):
        assert_same(ndi.generic_filter1d(data, lib.smooth_line, 3, axis=axis),
                    ndi.generic_filter1d(data, py["smooth_line"], 3, axis=axis))


@pytest.mark.parametrize("scale", [1.0, -2.5])
def test_integrand_with_reversed_coefficients(natural, scale):
    lib, py = natural
    assert integrate.quad(lib.polynomial, -1.0, 2.0, args=(scale,)) == \
        integrate.quad(py["polynomial"], -1.0, 2.0, args=(scale,))


# --------------------------------------------------------------------------
# Small programs: semantics corners, each against CPython
# --------------------------------------------------------------------------

CORNERS = {
    # Python keeps each member's type: T[i] is an int or a float.
    "mixed_members": """
        MIX = (1, 2.5, -3, True)

        def f(values):
            i = int(abs(values[4])) % 4
            x = MIX[i]
            return -(x * 0) + MIX[-i] + 7 % (MIX[i] + 4)
    """,
    "nested_and_swap": """
        def f(values):
            a, b = values[0], values[1]
            a, b = b, a
            (p, q), r = (a, b), values[2]
            t = (p, (q, r))
            u, (v, w) = t
            return u * 100 + v * 10 + w
    """,
    "conditional_tuples": """
        def order(a, b):
            return (a, b) if a <= b else (b, a)

        def f(values):
            lo, hi = (values[0], values[1]) if values[0] < values[1] else (values[1], values[0])
            p, q = order(values[2], 3)
            t = (1, 2) if values[4] > 0 else (2.5, values[5])
            return hi - lo + p * q + t[0] + t[1]
    """,
    "tuple_equality": """
        OFFSETS = ((-1, -1), (-1, 0), (0, 0), (1, 1))

        def f(values):
            s = 0.0
            for dy, dx in OFFSETS:
                if (dy, dx) == (0, 0):
                    continue
                s += values[4 + 3 * dy + dx]
            p = (int(values[0]) % 2, 1)
            return (s + ((1, True) == p) + (p != (1, 1, 0)) + (OFFSETS[0] == (-1, -1))
                    + (((1, 2), 3) == ((1, 2), 3)))
    """,
    "tuple_builtins": """
        T = (3, 1.5, -2, 1.5)

        def f(values):
            corners = (values[0], values[2], values[6], values[8])
            return sum(T) + max(T) * min(T) + len(T) + sum(corners) + max(corners)
    """,
    "helpers_pass_and_return_tuples": """
        def swap(p):
            a, b = p
            return b, a

        def pick(t, i):
            return t[i]

        def f(values):
            x, y = swap((values[0], 2))
            return pick(swap((x, y)), 1) * 10 + y + pick((4, 5), int(values[4]) % 2)
    """,
    "enumerate_zip_reversed_range": """
        import numpy as np
        W = np.array([1.0, -2.0, 0.5, 3.0, 1.0, 0.5, -1.0, 2.0, 0.25])

        def f(values):
            s = 0.0
            for i, v in enumerate(values, 1):
                s += i * v
            for a, b in zip(values, values[1:]):
                s -= a * b
            for k in reversed(range(3)):
                s = s * 0.5 + k
            for j, (a, w) in enumerate(zip(values, W)):
                s += j * a * w
            for q in reversed(W):
                s = s * 0.25 + q
            return s
    """,
    "numpy_on_tuples_and_constant_arrays": """
        import numpy as np
        T = (1, 2, 3, 4)
        WI = np.array([1, 2, 1, 2, 4, 2, 1, 2, 1])
        WF = np.array([0.1, 0.2, 0.3])

        def f(values):
            return (np.sum(values * WI) + np.sum(WI) + WI[4] + np.mean(T) + np.median(T)
                    + np.sum(WF) + np.std(WF) + len(WF) + np.array(T)[2] + sorted(T)[1])
    """,
    "loop_over_tuple_of_tuples": """
        OFFSETS = ((0, 1), (1, 0), (0, -1), (-1, 0))

        def f(values):
            s = 0.0
            for dy, dx in OFFSETS:
                s += values[4 + 3 * dy + dx] * (dy + 2 * dx)
            for k in range(len(OFFSETS)):
                s += OFFSETS[k][0] - OFFSETS[-k][1]
            return s
    """,
}


@pytest.mark.parametrize("name", sorted(CORNERS))
def test_tuple_semantics_corners(build, tmp_path, name):
    path = tmp_path / f"{name}.flt"
    path.write_text(textwrap.dedent(CORNERS[name]))
    lib = llcc.load(build(path))
    py = python_functions(path)
    data = image("camera24") - 128.0
    with np.errstate(all="ignore"):
        assert_same(ndi.generic_filter(data, lib.f, size=3),
                    ndi.generic_filter(data, py["f"], size=3))


RUNTIME_ERRORS = {
    "too_many": ("def f(values):\n    a, b = values\n    return a\n",
                 ValueError, r"too many values to unpack \(expected 2\)"),
    "not_enough": ("def f(values):\n    a, b, c, d = values[:2]\n    return a\n",
                   ValueError, r"not enough values to unpack \(expected 4, got 2\)"),
    "tuple_index": ("T = (1, 2, 3)\n\ndef f(values):\n    return T[int(values[4]) + 100]\n",
                    IndexError, "tuple index out of range"),
    "empty_max": ("def f(values):\n    return max(())\n",
                  ValueError, r"max\(\) arg is an empty sequence"),
}


@pytest.mark.parametrize("name", sorted(RUNTIME_ERRORS))
def test_runtime_errors_match_cpython(build, tmp_path, name):
    source, exception, message = RUNTIME_ERRORS[name]
    path = tmp_path / f"{name}.flt"
    path.write_text(source)
    lib = llcc.load(build(path))
    py = python_functions(path)
    data = np.arange(16.0).reshape(4, 4)
    with pytest.raises(exception, match=message):
        py["f"](data[:3, :3].ravel())  # the buffer generic_filter passes
    with pytest.raises(exception, match=message):
        ndi.generic_filter(data, lib.f, size=3)


# --------------------------------------------------------------------------
# Decorators capture tuple, list and ndarray globals
# --------------------------------------------------------------------------

CAPTURED_OFFSETS = ((-1, 0), (0, 1), (1, 0), (0, -1))
CAPTURED_KERNEL = [[0.0625, 0.125, 0.0625], [0.125, 0.25, 0.125], [0.0625, 0.125, 0.0625]]
CAPTURED_W = np.array([0.5, -1.0, float("nan"), 2.0, 1e-300, float("inf"), 3.0, 0.1, 1 / 3])
CAPTURED_WI = np.array([1, 2, 1, 2, 4, 2, 1, 2, 1])
CAPTURED_MASK = np.array([True, False, True, False, True, False, True, False, True])
CAPTURED_ONE = (2.5,)
CAPTURED_SOBEL = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])


def captured_filter(values):
    acc = 0.0
    for dy, dx in CAPTURED_OFFSETS:
        acc += values[4 + 3 * dy + dx]
    for i in range(3):
        for j in range(3):
            acc += CAPTURED_KERNEL[i][j] * values[3 * i + j]
    acc += np.sum(np.where(np.isfinite(CAPTURED_W), CAPTURED_W, 0.0) * values)
    acc += np.sum(values * CAPTURED_WI) + np.sum(CAPTURED_WI) + np.count_nonzero(CAPTURED_MASK)
    for i in range(3):
        for j in range(3):
            acc += CAPTURED_SOBEL[i, j] * values[3 * i + j]
    return acc * CAPTURED_ONE[0]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("LLCC_CACHE_DIR", str(folder))
    return folder


def test_decorator_captures_tuples_lists_and_arrays(fresh_cache):
    compiled = llcc.filter(captured_filter)
    data = image("camera24")
    with np.errstate(all="ignore"):
        assert_same(ndi.generic_filter(data, compiled, size=3),
                    ndi.generic_filter(data, captured_filter, size=3))


CAPTURED_3D = np.ones((3, 3, 3))
CAPTURED_F32 = np.ones(3, dtype=np.float32)
CAPTURED_STRINGS = ("a", "b")


def uses_3d(values):
    return values[0] * CAPTURED_3D[0][0][0]


def uses_f32(values):
    return values[0] * CAPTURED_F32[0]


def uses_strings(values):
    return values[0] + len(CAPTURED_STRINGS)


def test_decorator_capture_errors_for_unsupported_arrays(fresh_cache):
    with pytest.raises(llcc.CaptureError, match="3-D array.*1-D and"):
        llcc.filter(uses_3d)
    with pytest.raises(llcc.CaptureError, match="array of float32.*astype"):
        llcc.filter(uses_f32)
    with pytest.raises(llcc.CaptureError, match="CAPTURED_STRINGS holds a str"):
        llcc.filter(uses_strings)


def test_long_constant_tuples_compile_in_linear_time(build, tmp_path):
    """50,000 members: one constant, not one folded insertvalue per member."""
    n = 50_000
    path = tmp_path / "long.flt"
    path.write_text(
        "import numpy as np\n"
        f"T = ({', '.join(repr(i * 0.5) for i in range(n))})\n"
        f"P = ({', '.join(f'({i}, {-i})' for i in range(n // 10))})\n"
        f"W = np.array([{', '.join(str(i) for i in range(n // 10))}])\n\n"
        "def f(values):\n"
        "    i = int(abs(values[0])) % len(T)\n"
        "    s = 0.0\n"
        "    for t in T:\n"
        "        s += t\n"
        "    for a, b in P:\n"
        "        s += a - b\n"
        "    return T[i] + s + P[i % len(P)][1] + W[i % len(W)] + np.sum(W)\n")
    lib = llcc.load(build(path))  # the build fixture's own timeout bounds the time
    py = python_functions(path)
    data = image("camera24")
    assert_same(ndi.generic_filter(data, lib.f, size=2), ndi.generic_filter(data, py["f"], size=2))
