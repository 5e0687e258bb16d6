"""Apache Jena's SHACL engine from the Debian package (libapache-jena-java), for cross-engine tests.

Debian's jena-core 4.5 relocates Xerces' classes to ``xerces.*`` but leaves their message bundles under
``org/apache/jena/ext/xerces/``: the first datatype check then fails with "internal error". Copying the
bundles to the relocated package on the class path fixes it. The class path is read from the Debian
Maven repository's POMs (the dependencies of jena-cmds), not guessed from /usr/share/java.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

REPO = Path("/usr/share/maven-repo")
_POM = "{http://maven.apache.org/POM/4.0.0}"


def _jars(group: str, artifact: str, seen: dict[tuple[str, str], Path | None]) -> None:
    if (group, artifact) in seen:
        return
    pom = REPO / group.replace(".", "/") / artifact / "debian" / f"{artifact}-debian.pom"
    jar = pom.with_suffix(".jar")
    seen[(group, artifact)] = jar if jar.exists() else None
    if not pom.exists():
        return
    for dep in ET.parse(pom).getroot().iter(_POM + "dependency"):
        if (dep.findtext(_POM + "scope") or "compile") in ("test", "provided"):
            continue
        if dep.findtext(_POM + "optional") == "true":
            continue
        _jars(dep.findtext(_POM + "groupId") or "", dep.findtext(_POM + "artifactId") or "", seen)


def classpath(workdir: Path) -> str | None:
    """The class path of Jena's command-line tools, or None when the Debian package is not installed."""
    if shutil.which("java") is None or not (REPO / "org/apache/jena/jena-cmds").is_dir():
        return None
    seen: dict[tuple[str, str], Path | None] = {}
    _jars("org.apache.jena", "jena-cmds", seen)
    fix = workdir / "jena-xerces-bundles"
    core = REPO / "org/apache/jena/jena-core/debian/jena-core-debian.jar"
    with zipfile.ZipFile(core) as z:
        for name in z.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and not name.endswith((".class", "/")):
                target = fix / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(name))
    return ":".join([str(fix)] + [str(j) for j in seen.values() if j is not None])


def shacl_validate(cp: str, shapes: Path, data: Path) -> bytes:
    """Run `shacl validate` (Jena's SHACL engine, SHACL-SPARQL included); the report as Turtle."""
    run = subprocess.run(
        ["java", "-cp", cp, "shacl.shacl", "validate", "--shapes", str(shapes), "--data", str(data)],
        capture_output=True,
        timeout=300,
        check=True,
    )
    return run.stdout
