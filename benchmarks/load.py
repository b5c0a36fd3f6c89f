"""A bounded load test of the running product, on this machine only.

For each database asked (SQLite, PostgreSQL), in a fresh data folder (and a fresh PostgreSQL
database): `lanzarote up --no-serve --demo` (reference and demonstration data), then a world for
the load (`--prepare`, below), then `lanzarote serve --no-worker` (gunicorn, as in production)
on a free loopback port, with one more route, `/minimal/` (benchmarks/load_settings.py): the
ceiling of the same server in the same run. At each number of concurrent clients it measures

- the minimal view, anonymous and signed in (the ceiling);
- the overview matrix of a 50 x 200 round, unchanged (the cache's goal: >= 50 % of the ceiling);
- the mix of real journeys: public pages, search by words and by meaning, the by-question view,
  the overview matrix, focal points autosaving their drafts and uploading documents, analysts
  saving findings;

and prints requests/s, p50 / p95 / p99 latency and errors (any answer >= 400, any failed
connection, any timeout), with the machine's load average. Every phase stops after a fixed number
of requests or a time limit, whichever comes first; the server and the database are removed at
the end. It talks to 127.0.0.1, localhost or ::1 only, and refuses any other host.

Run (about 10 minutes on 2 idle cores):
    .venv/bin/python benchmarks/load.py                       # SQLite and PostgreSQL, 16/64/256
    .venv/bin/python benchmarks/load.py --databases sqlite --clients 16 --requests 500
PostgreSQL: a server on 127.0.0.1:5432 that lets the user `postgres` in (--postgres URL).
"""

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = ("127.0.0.1", "localhost", "::1")
CSRF = "loadtestloadtestloadtestloadtest"  # a CSRF secret (32 characters) the clients share
UPLOADS = 600  # unique documents prepared for upload
BENCH_ROUND = "load-round"
PARTIES, INDICATORS, DRAFT_INDICATORS = 50, 200, 20

# --- the world of the load, built inside Django (`load.py --prepare`) ---------------------------

PASSAGES = [
    "Training on recognising and reporting sexual abuse is compulsory for teachers, "
    "sports coaches and health workers; it is repeated every three years.",
    "A national helpline open day and night receives reports from children and adults; "
    "reports are passed to the police and to child protection services within a day.",
    "Co-ordination is ensured by an inter-ministerial committee that meets four times a year "
    "and publishes its minutes.",
    "Victims are heard once, in a child-friendly room, by specially trained investigators; "
    "the recording is used in court so that the child need not testify again.",
    "The criminal code punishes the solicitation of children for sexual purposes through "
    "information and communication technologies.",
]


def _pdf(serial: int, pages: int = 1) -> bytes:
    sys.path.insert(0, str(ROOT))
    from tests.pdfgen import make_pdf

    rng = random.Random(serial)
    return make_pdf(
        [
            [f"Synthetic reply document {serial}, page {page + 1}"]
            + [rng.choice(PASSAGES)[:90] for _ in range(12)]
            for page in range(pages)
        ],
        title=f"Synthetic load document {serial}",
    )


def prepare(folder: Path) -> dict:
    """Personas, their sessions, replies to autosave, documents to upload and a 50 x 200 round;
    returns what the clients need as JSON. Runs with the data folder's settings."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from lanzarote.accounts.models import Profile
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring import services as monitoring
    from lanzarote.monitoring.models import CodingScheme, Questionnaire, Round
    from lanzarote.parties.models import State
    from lanzarote.replies import embedding, ingestion
    from lanzarote.replies import services as replies
    from lanzarote.replies.models import Attachment, Reply
    from lanzarote.treaties.models import Treaty

    users = get_user_model().objects

    def person(username: str, role: str, **speaks_for):
        user = users.create(username=username)
        Profile.objects.create(user=user, role=role, **speaks_for)
        return user

    def session(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    system = person("load-system", Profile.Role.SECRETARIAT)
    analysts = [person(f"load-analyst-{n}", Profile.Role.SECRETARIAT) for n in range(4)]
    committee = person("load-committee", Profile.Role.COMMITTEE)

    # The 50 x 200 round of benchmarks/overview_page.py: adopted findings everywhere but the
    # first DRAFT_INDICATORS indicators, whose drafts the analysts save again and again.
    round_ = monitoring.round_create(
        treaty=Treaty.objects.get(code="cets201"),
        uid=BENCH_ROUND,
        kind="thematic",
        name_en="Load round (synthetic)",
        actor=system,
    )
    Round.objects.filter(pk=round_.pk).update(status="analysis")
    scheme = monitoring.scheme_create(round_=round_, title_en="Load scheme", actor=system)
    for n in range(INDICATORS):
        monitoring.indicator_save(
            scheme=scheme,
            code=f"i{n}",
            actor=system,
            scale="yes-partly-no",
            texts={"label_en": f"Synthetic indicator {n}", "group": f"group-{n % 8}"},
            keywords_en=[],
            keywords_fr=[],
            provisions=["cets201:20.1"],
            questions=[],
        )
    scheme = CodingScheme.objects.get(pk=scheme.pk)
    rng = random.Random(4)
    states = list(State.objects.order_by("iso2")[:PARTIES])
    Finding.objects.bulk_create(
        Finding(
            indicator=indicator,
            party=state,
            value=rng.choice(["yes", "partly", "no", "not_reported"]),
            status="draft" if n < DRAFT_INDICATORS else "adopted",
            scheme_version=scheme.version,
        )
        for state in states
        for n, indicator in enumerate(scheme.indicators.order_by("pk"))
    )
    drafts = [(s.iso2, f"i{n}") for s in states for n in range(DRAFT_INDICATORS)]

    # One focal point per Party the open demonstration round monitors, each with a draft reply.
    questionnaire = Questionnaire.objects.get(uid="demo-open-questionnaire")
    questions = [q.pk for q in questionnaire.questions.order_by("pk") if q.addressed_to_parties()]
    focal = []
    monitored = questionnaire.round.parties.all() or State.objects.filter(
        treaty_statuses__treaty__code="cets201"
    )
    for state in monitored.order_by("iso2").distinct():
        if state.iso2 == "IT":
            continue  # the demonstration's draft
        user = person(f"load-focal-{state.iso2.lower()}", Profile.Role.FOCAL_POINT, party=state)
        reply = replies.reply_start(questionnaire=questionnaire, actor=user)
        focal.append({"session": session(user), "reply": reply.pk, "iso2": state.iso2})

    # Documents in four of the drafts, read and embedded now: the Secretariat finds them by
    # meaning (a French query, English passages).
    for n, row in enumerate(focal[:4]):
        reply = Reply.objects.get(pk=row["reply"])
        replies.attachment_add(
            reply=reply, name=f"reply-{n}.pdf", data=_pdf(10_000 + n, pages=4), actor=system
        )
    for attachment in Attachment.objects.select_related("document"):
        ingestion.document_ingest(document_id=attachment.document_id)
        embedding.document_embed(document_id=attachment.document_id)

    uploads = folder / "load-uploads"
    uploads.mkdir(exist_ok=True)
    for n in range(UPLOADS):
        (uploads / f"{n}.pdf").write_bytes(_pdf(n))

    return {
        "committee": session(committee),
        "analysts": [session(a) for a in analysts],
        "focal": focal,
        "questions": questions,
        "drafts": drafts,
        "uploads": str(uploads),
    }


# --- the clients --------------------------------------------------------------------------


@dataclass
class Request:
    journey: str
    method: str
    path: str
    session: str = ""
    data: dict | None = None
    upload: Path | None = None


@dataclass
class Result:
    journey: str
    seconds: float
    status: int  # 0: no answer (connection failed, timed out)


@dataclass
class Phase:
    name: str
    clients: int
    results: list[Result] = field(default_factory=list)
    wall: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def errors(self) -> list[Result]:
        return [r for r in self.results if r.status == 0 or r.status >= 400]

    def summary(self) -> dict:
        times = sorted(r.seconds for r in self.results) or [0.0]

        def pct(p: float) -> float:
            return 1000 * times[min(len(times) - 1, int(p * len(times)))]

        by_status: dict[str, int] = {}
        for r in self.errors():
            key = f"{r.journey}:{r.status or 'no answer'}"
            by_status[key] = by_status.get(key, 0) + 1
        journeys = {}
        for journey in sorted({r.journey for r in self.results}):
            mine = sorted(r.seconds for r in self.results if r.journey == journey)
            journeys[journey] = {
                "requests": len(mine),
                "p50": 1000 * mine[len(mine) // 2],
                "p95": 1000 * mine[min(len(mine) - 1, int(0.95 * len(mine)))],
            }
        return {
            "journeys": journeys,
            "phase": self.name,
            "clients": self.clients,
            "requests": len(self.results),
            "rps": len(self.results) / self.wall if self.wall else 0.0,
            "p50": pct(0.50),
            "p95": pct(0.95),
            "p99": pct(0.99),
            "mean": 1000 * statistics.fmean(times),
            "errors": len(self.errors()),
            "error_kinds": by_status,
            "load": self.load,
        }


class Mix:
    """The journeys and their weights: a request drawn at random, reproducibly."""

    PUBLIC = [
        "/en/",
        "/fr/",
        "/en/treaties/cets201/",
        "/fr/treaties/cets201/",
        "/en/treaties/cets201/parties/",
        "/en/states/FR/",
        "/fr/states/DE/",
        "/en/provisions/cets201:20.1.a/",
        "/en/meetings/",
        "/en/questionnaires/demo-published-questionnaire/",
    ]
    WORDS = ["training", "helpline", "enfant", "victim*", '"sexual abuse"', "coordination"]
    MEANING = ["formation obligatoire des entraîneurs", "ligne d'écoute jour et nuit"]

    def __init__(self, world: dict, seed: int):
        self.world, self.rng = world, random.Random(seed)
        self.uploads = sorted(Path(world["uploads"]).glob("*.pdf"), key=lambda p: int(p.stem))
        self.journeys = [
            (25, self.public),
            (10, self.search_words),
            (5, self.search_meaning),
            (10, self.by_question),
            (8, self.overview),
            (30, self.autosave),
            (3, self.upload),
            (9, self.finding),
        ]
        self.total = sum(w for w, _ in self.journeys)

    def next(self) -> Request:
        pick = self.rng.uniform(0, self.total)
        for weight, journey in self.journeys:
            pick -= weight
            if pick <= 0:
                return journey()
        return self.journeys[-1][1]()

    def public(self) -> Request:
        return Request("public page", "GET", self.rng.choice(self.PUBLIC))

    def search_words(self) -> Request:
        q = self.rng.choice(self.WORDS)
        return Request("search, words", "GET", f"/en/search/?q={q}")

    def search_meaning(self) -> Request:
        q = self.rng.choice(self.MEANING)
        session = self.rng.choice(self.world["analysts"])
        return Request("search, meaning", "GET", f"/fr/search/?q={q}&kind=documents", session)

    def by_question(self) -> Request:
        number = self.rng.choice(["1", "2", "3"])
        path = f"/en/questionnaires/demo-published-questionnaire/questions/{number}/"
        session = self.rng.choice(["", self.world["committee"]])
        return Request("by question", "GET", path, session)

    def overview(self) -> Request:
        path = f"/{self.rng.choice(['en', 'fr'])}/rounds/{BENCH_ROUND}/overview/"
        return Request("overview matrix", "GET", path, self.world["committee"])

    def autosave(self) -> Request:
        row = self.rng.choice(self.world["focal"])
        question = self.rng.choice(self.world["questions"])
        text = f"Synthetic draft answer {self.rng.randrange(10**9)}: " + " ".join(
            self.rng.choice(PASSAGES).split()[:40]
        )
        path = f"/en/replies/{row['reply']}/answers/{question}/"
        return Request("autosave", "POST", path, row["session"], {f"answer-{question}": text})

    def upload(self) -> Request:
        row = self.rng.choice(self.world["focal"])
        document = self.uploads.pop() if self.uploads else None
        if document is None:  # all used: an autosave instead
            return self.autosave()
        path = f"/en/replies/{row['reply']}/attachments/"
        return Request("upload", "POST", path, row["session"], upload=document)

    def finding(self) -> Request:
        iso2, code = self.rng.choice(self.world["drafts"])
        path = f"/en/rounds/{BENCH_ROUND}/assessment/{iso2}/{code}/"
        data = {
            "value": self.rng.choice(["yes", "partly", "no"]),
            "rationale": f"Synthetic rationale {self.rng.randrange(10**9)}.",
        }
        return Request("finding", "POST", path, self.rng.choice(self.world["analysts"]), data)


async def run_phase(
    base: str, phase: Phase, make, requests: int, seconds: float, timeout: float
) -> Phase:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=phase.clients, force_close=True)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    left = [requests]
    deadline = time.monotonic() + seconds

    async def one(http, request: Request) -> Result:
        cookie = f"csrftoken={CSRF}"
        if request.session:
            cookie += f"; sessionid={request.session}"
        headers = {"Cookie": cookie}
        data = None
        if request.method == "POST":
            headers["X-CSRFToken"] = CSRF
            if request.upload is not None:
                data = aiohttp.FormData()
                data.add_field(
                    "file",
                    request.upload.read_bytes(),
                    filename=request.upload.name,
                    content_type="application/pdf",
                )
            else:
                data = request.data
        started = time.perf_counter()
        try:
            async with http.request(
                request.method,
                base + request.path,
                data=data,
                headers=headers,
                allow_redirects=False,
            ) as response:
                await response.read()
                status = response.status
        except (TimeoutError, aiohttp.ClientError):
            status = 0
        return Result(request.journey, time.perf_counter() - started, status)

    async def client(http) -> None:
        while left[0] > 0 and time.monotonic() < deadline:
            left[0] -= 1
            phase.results.append(await one(http, make()))

    async with aiohttp.ClientSession(
        connector=connector, timeout=client_timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(phase.clients)))
        phase.wall = time.perf_counter() - started
    phase.load = os.getloadavg()
    return phase


# --- the server and its database ------------------------------------------------------------


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def lanzarote(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lanzarote.cli", *args], env=env, cwd=ROOT, check=True, **kwargs
    )


def postgres_database(admin_url: str, name: str, *, drop_only: bool = False) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def static_reused(folder: Path) -> None:
    """Collected static files are copied from the previous run (`serve` checks that they were
    collected from the same sources, and collects again otherwise): compressing them all takes
    minutes on a busy machine and is not what is measured."""
    kept = ROOT / ".cache" / "load-static"
    if kept.exists():
        shutil.copytree(kept, folder / "static", symlinks=True)


def static_keep(folder: Path) -> None:
    kept = ROOT / ".cache" / "load-static"
    if not kept.exists() and (folder / "static").exists():
        shutil.copytree(folder / "static", kept, symlinks=True)


class Server:
    def __init__(self, env: dict, host: str, port: int, log: Path):
        self.base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "lanzarote.cli",
                "serve",
                "--no-worker",
                "--host",
                host,
                "--port",
                str(port),
            ],
            env={**env, "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings"},
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, seconds: float = 120) -> None:
        import urllib.request

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped at start (see {self.log.name})")
            try:
                with urllib.request.urlopen(self.base + "/minimal/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        raise SystemExit("the server did not answer within two minutes")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def settle(base: str, seconds: float = 180) -> None:
    """Wait until the server has worked off what the last phase left queued (requests whose
    clients gave up are still answered by gunicorn's sync workers): the next phase must not
    pay for the last one."""
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/minimal/", timeout=seconds) as response:
                response.read()
        except OSError:
            pass
        if time.perf_counter() - started < 0.5:
            return


# --- one database, every level ----------------------------------------------------------------


def measure(database: str, args) -> list[dict]:
    folder = Path(tempfile.mkdtemp(prefix=f"lanzarote-load-{database}-"))
    env = {
        **os.environ,
        "LANZAROTE_DATA_DIR": str(folder),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "lanzarote.settings",
        "LOG_LEVEL": "ERROR",
        "LANZAROTE_PAGE_CACHE": "off" if args.no_page_cache else str(folder / "cache"),
    }
    env.pop("DATABASE_URL", None)
    pg_name = f"lanzarote_load_{os.getpid()}"
    if database == "postgresql":
        env["DATABASE_URL"] = postgres_database(args.postgres, pg_name)
    server = None
    try:
        print(f"[{database}] preparing the data folder {folder} ...", flush=True)
        # a database first: `up` refuses a folder holding files but no database
        lanzarote(env, "migrate", "-v", "0")
        static_reused(folder)
        lanzarote(env, "up", "--no-serve", "--demo", stdout=subprocess.DEVNULL)
        static_keep(folder)
        world_file = folder / "load-world.json"
        subprocess.run(
            [sys.executable, __file__, "--prepare", str(world_file)], env=env, cwd=ROOT, check=True
        )
        world = json.loads(world_file.read_text())
        port = free_port(args.host)
        server = Server(env, args.host, port, folder / "server.log")
        server.wait_ready()
        mix = Mix(world, seed=7)
        print(f"[{database}] serving on {server.base}; warming up ...", flush=True)
        asyncio.run(run_phase(server.base, Phase("warm", 4), mix.next, 60, 120, args.timeout))
        committee = world["committee"]
        rows = []
        for clients in args.clients:
            phases = [
                ("minimal view, anonymous", lambda: Request("minimal", "GET", "/minimal/")),
                (
                    "minimal view, signed in",
                    lambda: Request("minimal", "GET", "/minimal/", committee),
                ),
                (
                    "overview matrix, unchanged",
                    lambda: Request(
                        "overview", "GET", f"/en/rounds/{BENCH_ROUND}/overview/", committee
                    ),
                ),
                ("mixed journeys", mix.next),
            ]
            for name, make in phases:
                phase = asyncio.run(
                    run_phase(
                        server.base,
                        Phase(name, clients),
                        make,
                        args.requests,
                        args.seconds,
                        args.timeout,
                    )
                )
                settle(server.base)
                row = {"database": database, **phase.summary()}
                rows.append(row)
                print(format_row(row), flush=True)
                if name == "mixed journeys":
                    for journey, j in row["journeys"].items():
                        print(
                            f"{'':>46}{journey:<18} {j['requests']:>5} req  "
                            f"p50 {j['p50']:7.1f}  p95 {j['p95']:7.1f} ms",
                            flush=True,
                        )
        return rows
    finally:
        if server is not None:
            server.stop()
        if database == "postgresql":
            postgres_database(args.postgres, pg_name, drop_only=True)
        if args.keep:
            print(f"[{database}] kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def format_row(row: dict) -> str:
    kinds = ", ".join(f"{k} x{n}" for k, n in sorted(row["error_kinds"].items()))
    return (
        f"{row['database']:<10} {row['clients']:>4} {row['phase']:<28} "
        f"{row['requests']:>6} req {row['rps']:8.1f}/s  p50 {row['p50']:7.1f}  "
        f"p95 {row['p95']:7.1f}  p99 {row['p99']:7.1f} ms  errors {row['errors']}"
        f"{' (' + kinds + ')' if kinds else ''}  load {row['load'][0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--clients", default="16,64,256")
    parser.add_argument("--requests", type=int, default=2000, help="per phase (default 2000)")
    parser.add_argument("--seconds", type=float, default=60, help="per phase (default 60)")
    parser.add_argument("--timeout", type=float, default=60, help="per request (default 60)")
    parser.add_argument("--host", default="127.0.0.1", help="127.0.0.1, localhost or ::1")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the data folders")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="serve without the page cache (to compare)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args()
    if args.prepare:
        world = prepare(Path(os.environ["LANZAROTE_DATA_DIR"]))
        Path(args.prepare).write_text(json.dumps(world))
        return
    if args.host not in LOOPBACK:
        parser.error(
            f"refusing {args.host!r}: the load runs against this machine only "
            f"({', '.join(LOOPBACK)})"
        )
    if not 0 < args.requests <= 100_000 or not 0 < args.seconds <= 600:
        parser.error("--requests must be 1-100000 and --seconds 1-600: the load is bounded")
    args.clients = [int(c) for c in args.clients.split(",")]
    if not all(0 < c <= 1024 for c in args.clients):
        parser.error("--clients: between 1 and 1024")
    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"({os.cpu_count()} cores, shared)"
    )
    rows = []
    for database in args.databases.split(","):
        if database not in ("sqlite", "postgresql"):
            parser.error(f"unknown database {database!r}: sqlite or postgresql")
        rows += measure(database, args)
    print("\nsummary")
    for row in rows:
        print(format_row(row))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
