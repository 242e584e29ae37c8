"""The build backend of the `promo` package (PEP 517), in the source tree.

``pip install --no-build-isolation ./bindings/python`` calls it. It needs
nothing but cffi, a C compiler, Python's headers and pkg-config -- not
setuptools' wheel support, not the network -- so the package installs
offline from Debian packages alone, or in any Python that has cffi.

It finds the installed libpromo with ``pkg-config promo-json`` (set
PKG_CONFIG_PATH for a prefix pkg-config does not search), has cffi compile
``promo._native`` against it with that library directory as its run-time
search path (no ldconfig or LD_LIBRARY_PATH needed), and writes the wheel:
the package's .py files, py.typed, the extension and the metadata below.
"""

import base64
import io
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "promo"


def _project():
    """name, version, description, requires-python and dependencies from
    pyproject.toml's [project] table."""
    path = os.path.join(HERE, "pyproject.toml")
    with open(path, "rb") as f:
        data = f.read()
    try:
        import tomllib
    except ImportError:  # Python < 3.11: the table holds only simple values
        tomllib = None
    if tomllib is not None:
        return tomllib.loads(data.decode("utf-8"))["project"]
    project = {}
    section = None
    for line in data.decode("utf-8").splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line.strip("[]").strip()
        elif section == "project" and "=" in line:
            key, value = (part.strip() for part in line.split("=", 1))
            if value.startswith("["):
                project[key] = re.findall(r'"([^"]*)"', value)
            else:
                project[key] = value.strip('"')
    return project


def _pkg_config(*args):
    try:
        out = subprocess.run(
            ["pkg-config", *args, "promo-json"], check=True, capture_output=True, text=True
        ).stdout
    except FileNotFoundError:
        raise RuntimeError("promo: pkg-config is needed to find libpromo: apt-get install pkg-config") from None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(
            "promo: libpromo is not installed where pkg-config looks (%s). Build and install it "
            "first -- cmake --preset release && cmake --build --preset release && cmake --install "
            "build/release -- or point PKG_CONFIG_PATH at the lib/pkgconfig directory of your "
            "prefix." % exc.stderr.strip()
        ) from None
    return out.split()


def _link_options():
    """set_source() arguments for the installed libpromo and libpromo_json."""
    libdir = os.path.normpath(_pkg_config("--variable=libdir")[0])
    static = not any(
        name.startswith("libpromo.so") or name.startswith("libpromo.dylib") for name in os.listdir(libdir)
    )
    options = {"include_dirs": [], "library_dirs": [], "libraries": [], "extra_link_args": []}
    for flag in _pkg_config("--cflags"):
        if flag.startswith("-I"):
            options["include_dirs"].append(os.path.normpath(flag[2:]))
    for flag in _pkg_config("--libs", *(["--static"] if static else [])):
        if flag.startswith("-L"):
            options["library_dirs"].append(os.path.normpath(flag[2:]))
        elif flag.startswith("-l"):
            options["libraries"].append(flag[2:])
        else:
            options["extra_link_args"].append(flag)
    if not static:
        options["runtime_library_dirs"] = [libdir]
    return options


def _compile(build_dir):
    sys.path.insert(0, HERE)
    try:
        import promo_build
    finally:
        sys.path.remove(HERE)
    ffi = promo_build.make_ffi(**_link_options())
    return ffi.compile(tmpdir=build_dir, verbose=True)


def _tag():
    """The wheel tag of this interpreter: cp311-cp311-linux_x86_64."""
    name = sys.implementation.name
    version = "%d%d" % sys.version_info[:2]
    if name == "cpython":
        interpreter = "cp" + version
        abi = interpreter + ("d" if sysconfig.get_config_var("Py_DEBUG") else "")
    else:
        interpreter = {"pypy": "pp"}.get(name, name) + version
        soabi = sysconfig.get_config_var("SOABI") or "none"
        abi = "_".join(soabi.split("-")[:2]).replace(".", "_")
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "%s-%s-%s" % (interpreter, abi, platform)


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        "Name: %s" % project["name"],
        "Version: %s" % project["version"],
        "Summary: %s" % project.get("description", ""),
        "License: MIT",
    ]
    if "requires-python" in project:
        lines.append("Requires-Python: %s" % project["requires-python"])
    for dependency in project.get("dependencies", []):
        lines.append("Requires-Dist: %s" % dependency)
    return "\n".join(lines) + "\n"


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (arcname, digest, len(data))


def _package_files():
    """(path, name in the package) of every file the package ships."""
    directory = os.path.join(HERE, PACKAGE)
    for name in sorted(os.listdir(directory)):
        if name.endswith(".py") or name == "py.typed":
            yield os.path.join(directory, name), name


# -- PEP 517 hooks ---------------------------------------------------------


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    """The metadata alone, so that pip need not compile to read it."""
    project = _project()
    dist_info = "%s-%s.dist-info" % (project["name"], project["version"])
    os.makedirs(os.path.join(metadata_directory, dist_info), exist_ok=True)
    with open(os.path.join(metadata_directory, dist_info, "METADATA"), "w", encoding="utf-8") as f:
        f.write(_metadata(project))
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    name, version = project["name"], project["version"]
    dist_info = "%s-%s.dist-info" % (name, version)
    tag = _tag()
    wheel_name = "%s-%s-%s.whl" % (name, version, tag)
    build_dir = tempfile.mkdtemp(prefix="promo-build-")
    try:
        extension = _compile(build_dir)
        files = [(path, "%s/%s" % (PACKAGE, arcname)) for path, arcname in _package_files()]
        files.append((extension, "%s/%s" % (PACKAGE, os.path.basename(extension))))
        record = []
        path = os.path.join(wheel_directory, wheel_name)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as wheel:

            def add(arcname, data):
                wheel.writestr(arcname, data)
                record.append(_record_line(arcname, data))

            for source, arcname in files:
                with open(source, "rb") as f:
                    add(arcname, f.read())
            add(dist_info + "/METADATA", _metadata(project).encode("utf-8"))
            add(
                dist_info + "/WHEEL",
                ("Wheel-Version: 1.0\nGenerator: promo_backend\nRoot-Is-Purelib: false\nTag: %s\n" % tag).encode(),
            )
            add(dist_info + "/top_level.txt", (PACKAGE + "\n").encode())
            record.append(dist_info + "/RECORD,,")
            wheel.writestr(dist_info + "/RECORD", "\n".join(record) + "\n")
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    project = _project()
    base = "%s-%s" % (project["name"], project["version"])
    name = base + ".tar.gz"
    sources = ["pyproject.toml", "promo_build.py", "_build/promo_backend.py"]
    sources += ["%s/%s" % (PACKAGE, arcname) for _, arcname in _package_files()]
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for relative in sources:
            tar.add(os.path.join(HERE, relative), arcname="%s/%s" % (base, relative))
        info = tarfile.TarInfo("%s/PKG-INFO" % base)
        data = _metadata(project).encode("utf-8")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return name
