"""The published wheel (``maturin build --release``): its exports, and no secret injection."""

import cognito_srp
from cognito_srp import _native


def test_the_published_build_exports_the_api_and_no_injection() -> None:
    exported = sorted(name for name in dir(_native) if not name.startswith("__"))
    assert exported == sorted(cognito_srp.__all__)
    assert not [name for name in dir(_native) if name.startswith("_") and not name.startswith("__")]


def test_the_package_is_typed() -> None:
    from importlib import resources

    files = resources.files("cognito_srp")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_native.pyi").is_file()


def test_the_wheel_carries_both_licences() -> None:
    from importlib import metadata

    dist = metadata.distribution("cognito-srp")
    names = {path.name for path in dist.files or []}
    assert {"LICENSE-MIT", "LICENSE-APACHE"} <= names
    assert dist.metadata["License-Expression"] == "MIT OR Apache-2.0"
