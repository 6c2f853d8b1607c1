"""Python binding for libevmatch (ctypes, standard library only).

    import evmatch
    ix = evmatch.Index()                       # the five built-in frameworks
    ix.match("I set up a weekly rota ...", framework="success-profiles")
    ix.tag("Missed the deadline twice.", framework="noms")
    ix.screen(text, framework="success-profiles", behaviours=["Working Together"], level="3")
    ix.batch_record('{"id": 1, "text": "..."}', line=1)   # exactly what `evmatch batch` writes

One Index may be used from many threads at once. The shared library is found
through $EVMATCH_LIB, then the build directories of this checkout, then the
system's library path.
"""
import ctypes
import ctypes.util
import json
import os

__all__ = ["Index", "Error", "load_library"]


class Error(Exception):
    """An evmatch call failed; args[0] is the library's message."""


class _MatchOptions(ctypes.Structure):
    _fields_ = [("framework", ctypes.c_char_p),
                ("competencies", ctypes.POINTER(ctypes.c_char_p)),
                ("ncompetencies", ctypes.c_size_t),
                ("level", ctypes.c_char_p),
                ("top", ctypes.c_size_t),
                ("top_indicators", ctypes.c_size_t),
                ("brief", ctypes.c_int)]


class _ScreenOptions(ctypes.Structure):
    _fields_ = [("framework", ctypes.c_char_p),
                ("behaviours", ctypes.POINTER(ctypes.c_char_p)),
                ("nbehaviours", ctypes.c_size_t),
                ("level", ctypes.c_char_p),
                ("word_limit", ctypes.c_size_t)]


_lib = None


def load_library(path=None):
    """Loads libevmatch once; later calls return the same handle."""
    global _lib
    if _lib is not None:
        return _lib
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", "..", ".."))
    candidates = [path, os.environ.get("EVMATCH_LIB")]
    for build in ("build", "build-rel", "build-asan"):
        candidates.append(os.path.join(root, build, "libevmatch.so"))
    candidates.append(ctypes.util.find_library("evmatch"))
    for c in candidates:
        if c and (os.path.exists(c) or not os.path.isabs(c)):
            try:
                lib = ctypes.CDLL(c)
                break
            except OSError:
                continue
    else:
        raise Error("libevmatch not found: build it (make) or set EVMATCH_LIB")
    vp, cp, sz, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int
    sigs = {
        "evm_error_message": (cp, []),
        "evm_lexicon_new": (i, [ctypes.POINTER(vp)]),
        "evm_lexicon_new_builtin": (i, [ctypes.POINTER(vp)]),
        "evm_lexicon_load_path": (i, [vp, cp]),
        "evm_lexicon_free": (None, [vp]),
        "evm_index_build": (i, [vp, ctypes.POINTER(vp)]),
        "evm_index_load": (i, [cp, ctypes.POINTER(vp)]),
        "evm_index_save": (i, [vp, cp]),
        "evm_index_free": (None, [vp]),
        "evm_match": (i, [vp, cp, sz, ctypes.POINTER(_MatchOptions), ctypes.POINTER(vp)]),
        "evm_result_free": (None, [vp]),
        "evm_result_to_json": (vp, [vp, cp, sz, cp]),
        "evm_tags_to_json": (vp, [vp, cp, sz, ctypes.c_double, sz]),
        "evm_tag_note": (i, [vp, cp, sz, ctypes.POINTER(_MatchOptions), ctypes.c_double, sz, ctypes.POINTER(vp)]),
        "evm_note_tags_to_json": (vp, [vp, cp, sz]),
        "evm_note_tags_free": (None, [vp]),
        "evm_screen": (i, [vp, cp, sz, ctypes.POINTER(_ScreenOptions), ctypes.POINTER(vp)]),
        "evm_screen_to_json": (vp, [vp, cp, sz]),
        "evm_screen_free": (None, [vp]),
        "evm_batch_record": (i, [vp, cp, sz, sz, ctypes.POINTER(_MatchOptions), i, ctypes.POINTER(vp)]),
        "evm_redact": (vp, [cp, sz]),
        "evm_free": (None, [vp]),
    }
    for name, (res, args) in sigs.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    _lib = lib
    return lib


def _b(s):
    return None if s is None else s.encode("utf-8") if isinstance(s, str) else bytes(s)


def _take_string(lib, ptr):
    """Copies a malloc'd C string out and frees it."""
    if not ptr:
        raise Error("out of memory")
    try:
        return ctypes.string_at(ptr).decode("utf-8")
    finally:
        lib.evm_free(ptr)


class Index:
    """A loaded index: built from the built-in frameworks plus any lexicon
    files or directories given, or loaded from a file saved by
    `evmatch index build`."""

    def __init__(self, lexicons=(), builtin=True, path=None, library=None):
        self._lib = lib = load_library(library)
        self._ix = ctypes.c_void_p()
        if path is not None:
            if lib.evm_index_load(_b(path), ctypes.byref(self._ix)) != 0:
                raise Error(lib.evm_error_message().decode())
            return
        lx = ctypes.c_void_p()
        rc = (lib.evm_lexicon_new_builtin if builtin else lib.evm_lexicon_new)(ctypes.byref(lx))
        try:
            for p in lexicons:
                if rc == 0:
                    rc = lib.evm_lexicon_load_path(lx, _b(p))
            if rc == 0:
                rc = lib.evm_index_build(lx, ctypes.byref(self._ix))
            if rc != 0:
                raise Error(lib.evm_error_message().decode())
        finally:
            lib.evm_lexicon_free(lx)

    def close(self):
        if self._ix:
            self._lib.evm_index_free(self._ix)
            self._ix = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def save(self, path):
        if self._lib.evm_index_save(self._ix, _b(path)) != 0:
            raise Error(self._lib.evm_error_message().decode())

    @staticmethod
    def _options(framework, competencies, level, top, indicators):
        comps = [_b(c) for c in (competencies or [])]
        arr = (ctypes.c_char_p * max(len(comps), 1))(*comps)
        o = _MatchOptions(_b(framework), arr, len(comps), _b(level), top, indicators)
        return o, arr

    def _result(self, text, opts):
        data = _b(text)
        res = ctypes.c_void_p()
        if self._lib.evm_match(self._ix, data, len(data), ctypes.byref(opts), ctypes.byref(res)) != 0:
            raise Error(self._lib.evm_error_message().decode())
        return data, res

    def match(self, text, framework=None, competencies=None, level=None, top=5, indicators=3, redact=False):
        """The documented JSON result of `evmatch match --format json`, as a dict."""
        opts, keep = self._options(framework, competencies, level, top, indicators)
        data, res = self._result(text, opts)
        try:
            shown = self._redacted(data) if redact else data
            return json.loads(_take_string(self._lib, self._lib.evm_result_to_json(res, shown, len(shown), _b(framework))))
        finally:
            self._lib.evm_result_free(res)

    def tag(self, text, framework=None, competencies=None, min_confidence=0.3, top=3, points=False):
        """Suggested indicator tags for an appraisal note, as `evmatch tag` gives them: the list of
        tags, or with points=True the whole {"polarity", "points", "tags"} object."""
        opts, keep = self._options(framework, competencies, None, top, top)
        data = _b(text)
        nt = ctypes.c_void_p()
        if self._lib.evm_tag_note(self._ix, data, len(data), ctypes.byref(opts), min_confidence, top,
                                  ctypes.byref(nt)) != 0:
            raise Error(self._lib.evm_error_message().decode())
        try:
            out = json.loads(_take_string(self._lib, self._lib.evm_note_tags_to_json(nt, data, len(data))))
            return out if points else out["tags"]
        finally:
            self._lib.evm_note_tags_free(nt)

    def screen(self, text, framework, behaviours, level=None, word_limit=250):
        """Per-behaviour verdicts and writing checks, as `evmatch screen --format json`."""
        bs = [_b(b) for b in behaviours]
        arr = (ctypes.c_char_p * max(len(bs), 1))(*bs)
        o = _ScreenOptions(_b(framework), arr, len(bs), _b(level), word_limit)
        data = _b(text)
        r = ctypes.c_void_p()
        if self._lib.evm_screen(self._ix, data, len(data), ctypes.byref(o), ctypes.byref(r)) != 0:
            raise Error(self._lib.evm_error_message().decode())
        try:
            return json.loads(_take_string(self._lib, self._lib.evm_screen_to_json(r, data, len(data))))
        finally:
            self._lib.evm_screen_free(r)

    def batch_record(self, line, lineno, framework=None, competencies=None, level=None, top=5, indicators=3,
                     redact=False, compact=False):
        """The exact output line `evmatch batch` writes for one JSON Lines record
        (with --redact and --compact as given)."""
        opts, keep = self._options(framework, competencies, level, top, indicators)
        data = _b(line)
        out = ctypes.c_void_p()
        rc = self._lib.evm_batch_record(self._ix, data, len(data), lineno, ctypes.byref(opts), (1 if redact else 0) | (2 if compact else 0),
                                        ctypes.byref(out))
        if rc < 0:
            raise Error("out of memory")
        return _take_string(self._lib, out)

    def _redacted(self, data):
        p = self._lib.evm_redact(data, len(data))
        if not p:
            raise Error("out of memory")
        try:
            return ctypes.string_at(p, len(data))
        finally:
            self._lib.evm_free(p)
