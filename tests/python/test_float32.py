"""np.float32 in filters: exact where numpy widens the float32 to float64
(compared with CPython through scipy.ndimage.generic_filter), a compile
error where numpy would compute in single precision."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import llcc  # noqa: E402
from conftest import same_outcome, window_outcome, python_namespace  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "library" / "float32_exact.flt"


@pytest.mark.parametrize("name", ["rounded", "with_python_float", "element_of_float32_array",
                                  "compared", "math_of_float32"])
def test_exact_forms_match_cpython(name):
    lib, py = llcc.compile(SOURCE), python_namespace(SOURCE)
    img = np.random.default_rng(9).random((6, 7)) * 3.7
    assert same_outcome(window_outcome(lib[name], img, 3), window_outcome(py[name], img, 3))


@pytest.mark.parametrize("body,what", [
    ("return float(np.float32(values[0]) * np.float32(3.0))", "arithmetic of two float32 values"),
    ("return float(np.float32(values).mean())", "the method .mean() of a float32 value"),
    ("a = np.float32(values)\n    return float((a * 2.0)[0])", "arithmetic on a float32 array"),
    ("return float(np.sqrt(np.float32(values[0])))", "np.sqrt of a float32 value"),
])
def test_single_precision_is_refused(tmp_path, body, what):
    src = tmp_path / "f.flt"
    src.write_text(f"import numpy as np\n\n\ndef f(values):\n    {body}\n")
    with pytest.raises(llcc.CompileError) as e:
        llcc.compile(src)
    assert what + " computes in single precision in numpy" in str(e.value.diagnostics)
