"""The deployment zips CDK would upload hold the Lambda runtime's wheels (CPython 3.12, manylinux x86_64),
not the local interpreter's."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest
from infra_support import Synth

from eventreg.domain.types import LANGUAGES

# Compiled extension modules: name.cpython-312-x86_64-linux-gnu.so or name.abi3.so.
ROOT = Path(__file__).resolve().parents[2]
COMPILED = re.compile(r"\.(cpython-(\d+)-(\w+)-linux-gnu|abi3)\.so$")


def deployment_zips(synth: Synth) -> dict[str, Path]:
    zips = {}
    for resource in synth.raw("prod")["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            key = resource["Properties"]["CodeUri"]["Key"]
            zips[key] = synth.assembly / f"asset.{key}"
    return zips


def test_each_service_has_its_own_deployment_zip(synth: Synth) -> None:
    zips = deployment_zips(synth)
    assert len(zips) == 3
    for path in zips.values():
        assert path.is_file(), path
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        assert "app.py" in names and "eventreg/domain/types.pyc" in names and "chalice/app.py" in names
        assert not any(n.startswith(("vendor/", "boto3/", "moto/")) for n in names)



def test_each_deployment_zip_holds_the_core_modules_its_app_can_import(synth: Synth) -> None:
    """Whatever moved inside src/eventreg (adapters/, entrypoints/, register/ …) and a service's app.py can import,
    lazily or not (tools/import_graph.py), is in its bundle, so its imports resolve on Lambda as they do here; the
    core's other modules are not (tools/package_service.prune_core)."""
    from import_graph import reached_core_modules

    core = {path.relative_to(ROOT / "src").as_posix() for path in (ROOT / "src" / "eventreg").rglob("*.py")}
    assert {"eventreg/entrypoints/bootstrap/__init__.py", "eventreg/adapters/dynamodb/repository.py"} <= core
    for service, path in bundles(synth).items():
        reached = reached_core_modules(ROOT / "services" / service / "app.py")
        wanted = {name for name in core
                  if name.removesuffix(".py").removesuffix("/__init__").replace("/", ".") in reached}
        with zipfile.ZipFile(path) as archive:
            shipped = {n.removesuffix("c") for n in archive.namelist()
                       if n.startswith("eventreg/") and n.endswith(".pyc")}
        assert "eventreg/entrypoints/bootstrap/__init__.py" in wanted, service
        assert sorted(wanted ^ shipped) == [], service


def test_no_deployment_zip_holds_the_local_development_stack(synth: Synth) -> None:
    """devstack (python -m devstack: DynamoDB Local, moto server, the outbox) stays on this machine: not in
    a bundle under its name, nor under its old one (eventreg/local/), nor its outbox templates."""
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        assert "eventreg/templates/web/base.html" in names  # the core's templates are there
        assert {f"eventreg/locale/{lang}/LC_MESSAGES/eventreg.mo.gz" for lang in LANGUAGES} <= set(names)
        local = [n for n in names if n.startswith(("devstack/", "eventreg/local/"))
                 or re.search(r"(^|/)(devstack/|outbox(_mail)?\.html$)", n)]
        assert local == [], f"{path.name}: {local[:5]}"


def test_compiled_modules_are_built_for_cpython_312_manylinux_x86_64(synth: Synth) -> None:
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            compiled = [n for n in names if n.endswith(".so")]
            assert any(n.startswith("pydantic_core/_pydantic_core.cpython-312-x86_64-linux-gnu") for n in compiled)
            for name in compiled:
                match = COMPILED.search(name)
                assert match, f"{path.name}: {name} is not a CPython 3.12 / abi3 Linux module"
                if match.group(2):
                    assert (match.group(2), match.group(3)) == ("312", "x86_64"), name
            wheels = [n for n in names if n.endswith(".dist-info/WHEEL")]
            assert wheels
            for wheel in wheels:
                text = archive.read(wheel).decode()
                if "Root-Is-Purelib: true" in text:
                    continue
                tags = re.findall(r"^Tag: (\S+)$", text, re.M)
                assert tags, wheel
                for tag in tags:
                    interpreter, abi, platform = tag.split("-")
                    assert abi in ("cp312", "abi3"), tag
                    assert interpreter == "cp312" or (abi == "abi3" and int(interpreter[2:]) <= 312), tag
                    assert re.fullmatch(r"manylinux(1|2014|_2_\d+)_x86_64", platform), tag  # wrapt's: manylinux1


def test_bundled_dependencies_are_the_locked_versions(synth: Synth) -> None:
    """Every dependency a bundle ships is the version uv.lock pins (the Lambda set is read from the lock)."""
    locked = {p["name"]: p["version"] for p in tomllib.loads((ROOT / "uv.lock").read_text())["package"]}
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            shipped = [m.groups() for n in archive.namelist()
                       if (m := re.fullmatch(r"([^/]+)-([^/-]+)\.dist-info/METADATA", n))]
        assert any(name.lower() == "pydantic" for name, _ in shipped)
        for name, version in shipped:
            key = re.sub(r"[-_.]+", "-", name).lower()
            if key in ("chalice", "boto3"):  # added by `chalice package` itself / provided by the runtime
                continue
            assert locked.get(key) == version, f"{path.name}: {name} {version}, uv.lock has {locked.get(key)}"


# The lean bundles (tools/package_service.py, tools/bundle_trim.py): each service its own set.

sys.path.insert(0, str(ROOT / "tools"))
from bundle_trim import POWERTOOLS_UNUSED, XRAY_UNPATCHED, kept_locales, lambda_interpreter  # noqa: E402
from package_service import NOT_LOADED, NOT_SHIPPED, requirement_name, service_requirements  # noqa: E402

# Imported only by reports (the agenda PDF, trip reports as Word documents) and what they pull in.
REPORTS_ONLY = {"fpdf2", "fonttools", "pillow", "lxml", "python-docx"}
# What the Lambda runtime provides on /var/runtime (boto3 and its needs, SnapStart's hooks), here linked from the venv.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "urllib3", "jmespath", "dateutil", "six",
                    "snapshot_restore_py")
# The goal (#13): registration and notifications under 15 MB unzipped (bench/bundle_sizes.py prints the
# figures), so that a heavy dependency creeping back in (cryptography was 11.6 MB of registration) fails here.
BUDGET_BYTES = {"registration": 15_000_000, "notifications": 15_000_000}
# Nothing of a bundle's code needs them any more: RS256 is python-rsa's, the session cookie an HMAC (stdlib).
NOT_IN_ANY_BUNDLE = ("cryptography/", "cffi/", "_cffi_backend", "pycparser/", "pyasn1/")


def service_of(archive: zipfile.ZipFile) -> str:
    match = re.search(r'Chalice\(app_name="eventreg-(\w+)"\)', archive.read("app.py").decode())
    assert match, "app.py names no eventreg service"
    return match.group(1)


def bundles(synth: Synth) -> dict[str, Path]:
    found = {}
    for path in deployment_zips(synth).values():
        with zipfile.ZipFile(path) as archive:
            found[service_of(archive)] = path
    assert sorted(found) == ["notifications", "registration", "reports"]
    return found


def shipped_distributions(archive: zipfile.ZipFile) -> set[str]:
    return {requirement_name(m.group(1)) for n in archive.namelist()
            if (m := re.fullmatch(r"([^/]+)-[^/-]+\.dist-info/METADATA", n))}


def test_each_bundle_ships_exactly_the_set_its_code_imports(synth: Synth) -> None:
    for service, path in bundles(synth).items():
        wanted = {requirement_name(pin) for pin in service_requirements(service)}
        with zipfile.ZipFile(path) as archive:
            assert shipped_distributions(archive) == wanted, service
        assert not wanted & NOT_SHIPPED, service
        assert bool(wanted & REPORTS_ONLY) == (service == "reports"), f"{service}: {sorted(wanted & REPORTS_ONLY)}"
    # openpyxl is imported where lists and programmes are read or written, so it is no reports-only library; the
    # notifications service writes neither (its wiring and stream entries are modules of their own).
    assert "openpyxl" in {requirement_name(pin) for pin in service_requirements("registration")}
    assert "openpyxl" not in {requirement_name(pin) for pin in service_requirements("notifications")}


def test_babel_locale_data_is_the_offered_languages_and_their_parents(synth: Synth) -> None:
    assert {"root", "en", "en_001", "en_GB", "nl_BE", "fr_BE", "de_DE"} <= kept_locales()
    for service, path in bundles(synth).items():
        with zipfile.ZipFile(path) as archive:
            data = {Path(n).stem for n in archive.namelist()
                    if n.startswith("babel/locale-data/") and n.endswith(".dat")}
            assert data == kept_locales(), service
            assert not [n for n in archive.namelist() if n.startswith("icalendar/tests/")], service


def test_every_module_of_a_bundle_has_bytecode_for_the_lambda_runtime(synth: Synth) -> None:
    """Every vendored module, the core's included, is bytecode alone (name.pyc where name.py was): no source
    but the app's own app.py (and chalice, which Chalice adds). The core's bytecode keeps its docstrings (the
    API's description reads them); the dependencies' does not."""
    for service, path in bundles(synth).items():
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        assert "eventreg/domain/types.pyc" in names and not any("__pycache__/" in n for n in names), service
        sources = [n for n in names if n.endswith(".py") and not n.startswith("chalice/")]
        assert sources == ["app.py"], f"{service}: {sorted(sources)[:5]}"
        assert {"pydantic/main.pyc", "jinja2/__init__.pyc", "typing_extensions.pyc"} <= names, service


def test_what_no_code_path_loads_is_left_out(synth: Synth) -> None:
    """tools/bundle_trim.py's UNLOADED and package_service's NOT_LOADED: stubs, pip's bookkeeping, the
    wheels' scripts, Swagger UI's assets, pydantic's v1 API, mypy plugin and experimental API, Babel's catalog
    tooling, METADATA's long descriptions, Powertools utilities nothing imports, Powertools' API router, the X-Ray
    SDK's patchers of other libraries, dnspython and pyasn1; and no
    cryptography (nor its cffi) at all. Per service: the core's modules, and Powertools utilities, it cannot reach."""
    for service, path in bundles(synth).items():
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        left_in = [n for n in names if n.endswith((".pyi", ".dist-info/RECORD", ".min.js")) or n.startswith(
            ("bin/", "pydantic/v1/", "dns/", *NOT_IN_ANY_BUNDLE,
             *(f"aws_lambda_powertools/utilities/{u}/" for u in POWERTOOLS_UNUSED)))]
        assert left_in == [], f"{service}: {left_in[:5]}"
        assert not {requirement_name(pin) for pin in service_requirements(service)} & NOT_LOADED, service
        assert not [n for n in names if n.startswith(("babel/messages/", "pydantic/experimental/"))
                    or n == "pydantic/mypy.pyc"], service
        # Powertools' API router (reached only when Logger logs a whole event) and the X-Ray SDK's patchers of
        # libraries other than botocore; the SDK itself is shipped (the Tracer needs it).
        assert not [n for n in names if n == "wrapt/_wrappers.c" or n.startswith((
            "aws_lambda_powertools/event_handler/", *(f"aws_xray_sdk/ext/{x}" for x in XRAY_UNPATCHED)))], service
        assert "aws_xray_sdk/ext/botocore/patch.pyc" in names, service
        with zipfile.ZipFile(path) as archive:
            described = [n for n in names if n.endswith(".dist-info/METADATA") and b"\n\n" in archive.read(n).strip()]
        assert described == [], f"{service}: {described[:3]}"  # headers only
        # Per service: the agenda's fonts with the PDF (reports), Powertools' batch and parser with the stream
        # handler that uses them (notifications).
        fonts = any(n.startswith("eventreg/report/agenda/fonts/") for n in names)
        assert fonts == (service == "reports"), service
        batch = any(n.startswith("aws_lambda_powertools/utilities/batch/") for n in names)
        assert batch == (service == "notifications"), service


def test_registration_and_notifications_stay_within_their_size_budget(synth: Synth) -> None:
    """The 15 MB goal (BUDGET_BYTES), unzipped as Lambda counts it: bench/bundle_sizes.py prints the figures."""
    sizes = {}
    for service, path in bundles(synth).items():
        with zipfile.ZipFile(path) as archive:
            sizes[service] = sum(info.file_size for info in archive.infolist())
    assert sizes["reports"] > sizes["registration"] > sizes["notifications"], sizes
    for service in ("registration", "notifications"):
        assert sizes[service] < BUDGET_BYTES[service], f"{service}: {sizes[service]:,} bytes"


def signed_id_token() -> tuple[str, str]:
    """An RS256 ID token signed here (cryptography, a dev dependency) and its key as a JWK (JSON)."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    token = jwt.encode({"sub": "c0ffee", "iss": "https://issuer.example", "aud": "client", "iat": now,
                        "exp": now + 600}, key, algorithm="RS256")
    return token, jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key())


@pytest.fixture(scope="module")
def lambda_runtime(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand-in for the runtime's /var/runtime: what it provides (boto3 and its needs), linked from the venv."""
    runtime = tmp_path_factory.mktemp("var-runtime")
    for name in RUNTIME_PROVIDED:
        module = importlib.import_module(name)
        source = Path(module.__file__ or "")
        source = source.parent if source.name == "__init__.py" else source
        (runtime / source.name).symlink_to(source)
    return runtime


@pytest.fixture(scope="module")
def unpacked(synth: Synth, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each service's deployment zip, unpacked as Lambda unpacks it into /var/task."""
    found = {}
    for service, path in bundles(synth).items():
        found[service] = tmp_path_factory.mktemp(service)
        with zipfile.ZipFile(path) as archive:
            archive.extractall(found[service])
    return found


def on_lambda_interpreter(probe: str, task: Path, runtime: Path, *args: str,
                          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh CPython 3.12 with only the unpacked bundle and the runtime's boto3 on sys.path (-I -S -B:
    no site-packages, no environment but `env`, no .pyc written, so a missing one shows)."""
    return subprocess.run(
        [lambda_interpreter(), "-I", "-S", "-B", "-c", probe, str(task), str(runtime), *args],
        capture_output=True, text=True, check=False, timeout=60, cwd=task,
        env={"AWS_DEFAULT_REGION": "eu-west-1", "PATH": "/usr/bin:/bin", **(env or {})})


def test_each_bundle_imports_its_app_alone_on_the_lambda_interpreter(
        unpacked: dict[str, Path], lambda_runtime: Path) -> None:
    """The Lambda interpreter imports app.py from bytecode and formats a date in every offered language from the
    trimmed locale data."""
    probe = (
        "import sys, datetime, importlib.util\n"
        "sys.path[:0] = sys.argv[1:3]\n"
        "import app\n"
        "from eventreg.domain.types import LANGUAGES\n"
        "from eventreg.locale.dates import format_day\n"
        "day = datetime.datetime(2026, 5, 18, 12, tzinfo=datetime.UTC)\n"
        "print([format_day(day, 'Europe/Brussels', lang) for lang in LANGUAGES])\n"
        # What the lean bundle must still do without dnspython, cffi's Python side and docstrings.
        "from eventreg.domain.registrations import Person\n"
        "assert Person(name='A', email='a@bücher.example').email == 'a@xn--bcher-kva.example'\n"
        # Where organisers sign in: a Cognito ID token verified with python-rsa alone (no cryptography, no pyasn1).
        "assert importlib.util.find_spec('cryptography') is None\n"
        "if importlib.util.find_spec('rsa'):\n"
        "    import json\n"
        "    from eventreg.adapters.rs256 import RS256Verifier, public_key\n"
        "    claims = RS256Verifier().claims(sys.argv[3], public_key(json.loads(sys.argv[4])), audience='client',"
        " issuer='https://issuer.example')\n"
        "    assert claims['sub'] == 'c0ffee'\n"
        "import os, importlib.util\n"
        "files = {getattr(module, '__file__', None) or '' for name, module in sys.modules.items()"
        " if name != 'app' and not name.startswith('chalice')}\n"
        "print(sorted(f for f in files if f.startswith(sys.argv[1]) and f.endswith('.py')"
        " and not os.path.exists(importlib.util.cache_from_source(f))))\n"
    )
    token, jwk = signed_id_token()
    for service, task in unpacked.items():
        result = on_lambda_interpreter(probe, task, lambda_runtime, token, jwk)
        assert result.returncode == 0, f"{service}: {result.stderr[-2000:]}"
        dates, uncached = result.stdout.strip().splitlines()[-2:]
        assert "Mai" in dates and "mei" in dates and "mai" in dates and "May" in dates, dates
        assert uncached == "[]", f"{service}: modules without bytecode: {uncached}"


# What Lambda sets for an invocation that X-Ray samples; the daemon's UDP address needs no listener.
TRACED_INVOCATION = {"LAMBDA_TASK_ROOT": "/var/task", "AWS_REGION": "eu-west-1", "AWS_LAMBDA_FUNCTION_NAME": "eventreg",
                     "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000", "AWS_EC2_METADATA_DISABLED": "true",
                     "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
                     "EVENTREG_PUBLIC_URL": "https://events.example.eu", "EVENTREG_LINK_KEY": "bundle-test-key"}
# One invocation per service that reaches no AWS service: the APIs' description, and a message job that cannot be
# read (dropped with a warning, no failure reported: a poison message is not retried).
INVOKE = r"""
import json, sys
sys.path[:0] = sys.argv[1:3]
import app
import snapshot_restore_py as hooks  # as Lambda runs a SnapStart version: its before-snapshot hook, then invocations

warmed = [hook(*args, **kwargs) for hook, args, kwargs in hooks._before_snapshot_registry]


class Context:
    function_name = "eventreg"
    function_version = "1"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:eventreg"
    memory_limit_in_mb = 512
    aws_request_id = "00000000-0000-4000-8000-000000000001"
    log_group_name = "/aws/lambda/eventreg"
    log_stream_name = "2026/01/01/[1]bundle"

    @staticmethod
    def get_remaining_time_in_millis():
        return 30000


event = json.loads(sys.argv[3])
if "httpMethod" in event:
    answer = app.app(event, Context())
    outcome = [answer["statusCode"], json.loads(answer["body"])["info"]["title"]]
else:
    outcome = app.on_message_job(event, Context())
print(json.dumps([outcome, "aws_xray_sdk.core" in sys.modules, warmed]))
"""


def test_each_bundle_handles_a_traced_invocation_on_the_lambda_interpreter(
        unpacked: dict[str, Path], lambda_runtime: Path) -> None:
    """On Lambda every invocation passes Powertools' Tracer (eventreg.entrypoints.observability), which imports the
    X-Ray SDK: the runtime does not provide it, so the bundles ship it (Powertools' `tracer` extra). Without it each
    bundle imported fine and failed every invocation on AWS. The invocation follows the app's SnapStart
    before-snapshot hook, as in a version restored from its snapshot."""
    from fixtures import load_event

    job = load_event("sqs_message_jobs", EVENT_ID="e", MESSAGE_ID="m", REGISTRATIONS="[]", RECEIVES="1")
    job["Records"][0]["body"] = "not a job"
    events = {"registration": load_event("apigateway_get_openapi"), "reports": load_event("apigateway_get_openapi"),
              "notifications": job}
    for service, task in unpacked.items():
        result = on_lambda_interpreter(INVOKE, task, lambda_runtime, json.dumps(events[service]),
                                       env=TRACED_INVOCATION | {"POWERTOOLS_SERVICE_NAME": f"eventreg-{service}"})
        assert result.returncode == 0, f"{service}: {result.stderr[-2000:]}"
        outcome, traced, warmed = json.loads(result.stdout.strip().splitlines()[-1])
        assert traced, f"{service}: the invocation was not traced"
        # The bundle's own templates, catalogs and service models, loaded by the hook on the Lambda interpreter.
        assert len(warmed) == 1 and warmed[0]["templates"] > 50 and warmed[0]["clients"] >= 3, f"{service}: {warmed}"
        if service == "notifications":
            assert outcome == {"batchItemFailures": []}
        else:
            assert outcome[0] == 200 and outcome[1], f"{service}: {outcome}"


AS_ON_AWS = r"""
import json, sys
sys.path[:0] = sys.argv[1:3]
import app
import snapshot_restore_py as hooks  # a SnapStart version: hooks at publish, then a restore

for registry in (hooks._before_snapshot_registry, hooks._after_restore_registry):
    for hook, args, kwargs in registry:
        hook(*args, **kwargs)


class Context:
    function_name = "eventreg-dev-registration"
    function_version = "1"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:eventreg-dev-registration:live"
    memory_limit_in_mb = 512
    aws_request_id = "00000000-0000-4000-8000-000000000002"
    log_group_name = "/aws/lambda/eventreg-dev-registration"
    log_stream_name = "2026/01/01/[1]bundle"

    @staticmethod
    def get_remaining_time_in_millis():
        return 30000


page, post = json.loads(sys.argv[3]), json.loads(sys.argv[4])
answers = [app.app(page, Context()), app.app(post, Context())]
print(json.dumps([[a["statusCode"], a["body"]] for a in answers]))
"""


def test_the_registration_bundle_serves_a_visitor_configured_as_on_aws(
        unpacked: dict[str, Path], lambda_runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The staged registration bundle on CPython 3.12 with the environment infra gives it (eventreg_infra.stack): the
    keys' secrets by ARN (Secrets Manager, read through Powertools' parameters), the public origin by SSM parameter,
    the queues by URL, traced. A moto server stands in for AWS (AWS_ENDPOINT_URL reaches every client, Powertools'
    too). Run as a SnapStart version: its hooks, then the register page and a registration."""
    import boto3
    from fixtures import load_event

    from devstack.engines import MotoServer
    from devstack.seed import DEMO_EVENT_ID, demo_event
    from eventreg.adapters import clients
    from eventreg.adapters.dynamodb.repository import Repository
    from eventreg.schema import create_table_kwargs

    table = "eventreg-dev-bundle"
    with MotoServer().start() as moto:
        for key, value in {"AWS_ACCESS_KEY_ID": "bundle", "AWS_SECRET_ACCESS_KEY": "bundle",
                           "AWS_DEFAULT_REGION": "eu-west-1", "EVENTREG_DYNAMODB_ENDPOINT": moto.endpoint,
                           "EVENTREG_AWS_ENDPOINT": moto.endpoint, "EVENTREG_TABLE": table}.items():
            monkeypatch.setenv(key, value)
        clients.reset()
        try:
            clients.dynamodb().create_table(**create_table_kwargs(table))
            Repository(clients.dynamodb(), table).put_event(*demo_event())
        finally:
            clients.reset()
        aws = {name: boto3.client(name, endpoint_url=moto.endpoint, region_name="eu-west-1")  # type: ignore[call-overload]
               for name in ("secretsmanager", "ssm", "sqs")}
        keys = {name: aws["secretsmanager"].create_secret(Name=f"eventreg-dev-{name}", SecretString=name * 16)["ARN"]
                for name in ("link", "session")}
        aws["ssm"].put_parameter(Name="/eventreg/dev/public-url", Value="https://events.example.eu", Type="String")
        queues = {name: aws["sqs"].create_queue(QueueName=f"eventreg-dev-{name}")["QueueUrl"]
                  for name in ("messages", "certificates")}
        env = TRACED_INVOCATION | {
            "AWS_ACCESS_KEY_ID": "bundle", "AWS_SECRET_ACCESS_KEY": "bundle", "AWS_ENDPOINT_URL": moto.endpoint,
            "EVENTREG_TABLE": table, "EVENTREG_BUCKET": "eventreg-dev-files", "EVENTREG_STAGE": "dev",
            "EVENTREG_MAIL_FROM": "events@eventreg.example.eu", "POWERTOOLS_SERVICE_NAME": "eventreg-registration",
            "EVENTREG_PUBLIC_URL_PARAMETER": "/eventreg/dev/public-url", "EVENTREG_LINK_KEY_ARN": keys["link"],
            "EVENTREG_SESSION_KEY_ARN": keys["session"], "EVENTREG_MESSAGES_QUEUE_URL": queues["messages"],
            "EVENTREG_CERTIFICATES_QUEUE_URL": queues["certificates"]}
        del env["EVENTREG_PUBLIC_URL"], env["EVENTREG_LINK_KEY"]  # on AWS: by parameter and by secret only
        page = load_event("apigateway_get_openapi")
        page.update(resource="/events/{event_id}/register", path=f"/events/{DEMO_EVENT_ID}/register",
                    pathParameters={"event_id": DEMO_EVENT_ID})
        page["requestContext"].update(resourcePath=page["resource"], path=f"/api{page['path']}")
        page["headers"]["Accept"] = "text/html"
        page["multiValueHeaders"]["Accept"] = ["text/html"]
        result = on_lambda_interpreter(AS_ON_AWS, unpacked["registration"], lambda_runtime, json.dumps(page),
                                       json.dumps(load_event("apigateway_post_registration")), env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    (page_status, page_body), (post_status, post_body) = json.loads(result.stdout.strip().splitlines()[-1])
    assert page_status == 200 and "<form" in page_body and "European Week of Regions" in page_body, page_body[:500]
    assert post_status == 201, post_body
    # The manage link is signed with the secret's key and made on the parameter's origin.
    assert "https://events.example.eu/" in post_body, post_body
