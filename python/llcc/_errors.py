"""Exceptions raised by the llcc package."""


class LlccError(Exception):
    """Base class of the errors the llcc package raises itself."""


class LoadError(LlccError, OSError):
    """A shared object could not be loaded, or is not an llcc library."""


class CompileError(LlccError):
    """llcc rejected a program (or could not run).

    ``diagnostics`` is what llcc printed on standard error (``file:line:col:
    error: ...`` lines with the source line and a caret), ``returncode`` its
    exit status (1 compile errors, 2 usage or I/O errors, 3 internal error),
    ``source`` the program text when it is known.
    """

    def __init__(self, message, diagnostics="", returncode=None, source=None):
        super().__init__(message)
        self.diagnostics = diagnostics
        self.returncode = returncode
        self.source = source

    def __str__(self):
        text = super().__str__()
        if self.diagnostics:
            text += "\n" + self.diagnostics.rstrip("\n")
        return text


class CaptureError(LlccError, TypeError):
    """A decorated Python function refers to something llcc cannot compile."""
