#!/usr/bin/env python3
"""Checks that every command's JSON output validates against its JSON Schema (issue 13).

    python3 scripts/check_schemas.py [path/to/tfp]        (default: .build/release/tfp)

The schemas are in schemas/ (draft 2020-12, one per command: account, capital,
productivity, estimate, check, harmonize, benchmark). For each of them the script
1. checks the schema itself (valid draft 2020-12, the expected $id, the shared
   definitions identical across files);
2. runs real invocations of `tfp SUB ... --format json` on the bundled data in
   Datasets/ (at least two per command, among them the uncertainty form of account
   and check with --data), and validates each output against the schema; it also
   checks the exit code (0) and that `tfp_version` is what `tfp --version` prints;
3. validates the JSON files written by `tfp run Datasets/runs/EXAMPLE_annual.toml`
   against the schema of the command that wrote them (read from the manifest);
4. runs negative checks: a deliberately broken copy of a real output must be
   rejected, so that a schema that accepts anything cannot pass.
The schemas accept members they do not know (a later tfp may add columns), but this
script also fails when an output has a member the schema does not describe, and
when a CSV header differs from the JSON keys of the same table.

One line is printed per case, then "N passed, M failed"; the exit code is 1 when a
case failed, 2 when the checks cannot run (no tfp binary, no jsonschema package:
`pip install jsonschema`). Output files go to a temporary folder, never into the
repository. Takes a few seconds.
"""
import argparse
import copy
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

try:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:  # pragma: no cover - depends on the machine
    print("check_schemas: the Python package 'jsonschema' is missing (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_DIR = os.path.join(ROOT, "schemas")
ID_BASE = "https://tfpkit.invalid/schemas/"
COMMANDS = ["account", "capital", "productivity", "estimate", "check", "harmonize", "benchmark"]
# Definitions every schema carries a copy of (each schema file stands alone); they must not drift apart.
SHARED_DEFS = ["tfp_version", "notes", "dropped_rows", "dropped_row"]
TIMEOUT = 120  # seconds per command; each takes well under one

# Bundled data (paths relative to the repository root, where tfp is run).
NATIONAL = "Datasets/vietnam/derived/vietnam_national_2010_2022_DERIVED.csv"
PROVINCES = "Datasets/vietnam/derived/provinces_2018_2021_DERIVED.csv"
PROVINCES_GSO_CODES = "Datasets/vietnam/provinces_grdp_current_population_2011_2022.csv"
PWT = "Datasets/international/pwt1001_asia.csv"
US_STATES = "Datasets/international/us_states_produc_1970_1986.csv"
LONGLEY = "Datasets/certified/nist_longley.csv"
PLANS = "Datasets/plans"
DANANG_PLAN = f"{PLANS}/danang_37-KH-UBND_2022.toml"
DANANG_ACTUALS = f"{PLANS}/actuals/danang_EXAMPLE.csv"
DANANG_DATA = f"{PLANS}/data/danang_2010_2022_DERIVED.csv"
RUN_SPEC = "Datasets/runs/EXAMPLE_annual.toml"

PWT_ROLES = ["--column", "region=country", "--column", "output=rgdpna", "--column", "capital=rkna",
             "--column", "employment=emp"]
PROVINCE_ROLES = ["--column", "output=grdp_current_bn_vnd", "--column", "employment=labour_force_thousand"]
US_FORMULA = "log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp"
UNCERTAIN = ["--capital-share", "0.4..0.6", "--depreciation", "0.04..0.07", "--growth-years", "3..7"]

# (case name, schema, arguments of tfp without --format json). "{tmp}" in an argument is
# replaced by the temporary folder; a case with --output reads that file instead of stdout.
CASES = [
    # account: rows and periods; rows only; periods only (--summary); uncertainty forms;
    # PWT with a labour_share column, Törnqvist with hours and human capital; an estimated share.
    ("national-2016-2019", "account",
     ["account", NATIONAL, "--capital-share", "0.6", "--depreciation", "0.05", "--from", "2016", "--to", "2019"]),
    ("national-rows-only", "account", ["account", NATIONAL, "--capital-share", "0.6", "--depreciation", "0.05"]),
    ("national-summary", "account",
     ["account", NATIONAL, "--capital-share", "0.5", "--depreciation", "0.05", "--from", "2011", "--to", "2015",
      "--summary"]),
    ("uncertain-sensitivity", "account",
     ["account", NATIONAL, *UNCERTAIN, "--from", "2016", "--to", "2019", "--sensitivity", "--draws", "500"]),
    ("uncertain-normal-summary", "account",
     ["account", NATIONAL, "--capital-share", "normal:0.5,0.05", "--depreciation", "0.05", "--from", "2016",
      "--to", "2019", "--summary", "--sensitivity", "--draws", "200"]),
    ("pwt-labour-share", "account",
     ["account", PWT, *PWT_ROLES, "--column", "labour_share=labsh", "--from", "2000", "--to", "2010"]),
    ("pwt-tornqvist-hours", "account",
     ["account", PWT, *PWT_ROLES, "--column", "hours=avh", "--column", "human_capital=hc", "--capital-share", "0.4",
      "--method", "tornqvist", "--from", "2008", "--to", "2009"]),
    ("pwt-estimated-share", "account",
     ["account", PWT, *PWT_ROLES, "--capital-share-from", "cobb-douglas-crs", "--absorb", "region", "--from",
      "2000", "--to", "2010", "--summary"]),
    ("national-vi-to-file", "account",
     ["account", NATIONAL, "--capital-share", "0.6", "--depreciation", "0.05", "--from", "2016", "--to", "2019",
      "--lang", "vi", "--output", "{tmp}/account_vi.json"]),
    # capital: steady-state initial stock; rows without investment dropped; benchmark stock and δ column.
    ("national", "capital", ["capital", NATIONAL, "--depreciation", "0.05"]),
    ("danang-dropped-rows", "capital", ["capital", DANANG_DATA, "--depreciation", "0.05", "--growth-years", "3"]),
    ("pwt-benchmark-delta-column", "capital",
     ["capital", PWT, "--column", "region=country", "--column", "investment=rkna", "--column", "capital=rnna",
      "--column", "depreciation=delta", "--initial", "benchmark"]),
    # productivity: rows and periods; --summary; hours (per-hour columns) and missing levels.
    ("national-2016-2020", "productivity", ["productivity", NATIONAL, "--from", "2016", "--to", "2020"]),
    ("national-summary", "productivity", ["productivity", NATIONAL, "--from", "2016", "--to", "2020", "--summary"]),
    ("provinces-2019-2021", "productivity", ["productivity", PROVINCES, *PROVINCE_ROLES, "--from", "2019", "--to", "2021"]),
    ("pwt-hours-to-2020", "productivity",
     ["productivity", PWT, "--column", "region=country", "--column", "output=rgdpna", "--column", "employment=emp",
      "--column", "hours=avh", "--from", "2000", "--to", "2020"]),
    # estimate: fixed effects and clusters; no fixed effects; presets; a collinear regressor; NIST Longley.
    ("us-states-cluster", "estimate",
     ["estimate", US_STATES, "--formula", US_FORMULA + " | state", "--vcov", "cluster:state"]),
    ("us-states-two-way", "estimate",
     ["estimate", US_STATES, "--formula", US_FORMULA + " | state + year", "--vcov", "cluster:state+year"]),
    ("us-states-hc1", "estimate", ["estimate", US_STATES, "--formula", US_FORMULA, "--vcov", "hc1"]),
    ("us-states-collinear", "estimate",
     ["estimate", US_STATES, "--formula", "log(gsp) ~ log(pcap) + unemp + I(2*unemp) | state"]),
    ("pwt-cobb-douglas-crs", "estimate", ["estimate", PWT, "--model", "cobb-douglas-crs", "--absorb", "region", *PWT_ROLES]),
    ("pwt-cobb-douglas-rts", "estimate",
     ["estimate", PWT, "--model", "cobb-douglas", "--absorb", "region+year", "--vcov", "cluster:region", *PWT_ROLES]),
    ("pwt-translog-trend", "estimate",
     ["estimate", PWT, "--model", "translog", "--trend", "--vcov", "hc1", *PWT_ROLES, "--column", "hours=avh"]),
    ("nist-longley-hc3", "estimate",
     ["estimate", LONGLEY, "--formula", "y ~ x1 + x2 + x3 + x4 + x5 + x6", "--vcov", "hc3"]),
    # check: counted targets; with --data for computed targets; ranges (share_of_scenarios_met, robust).
    ("danang-actuals", "check", ["check", DANANG_PLAN, "--actuals", DANANG_ACTUALS, "--as-of", "2024"]),
    ("danang-actuals-data", "check",
     ["check", DANANG_PLAN, "--actuals", DANANG_ACTUALS, "--as-of", "2024", "--data", DANANG_DATA,
      "--depreciation", "0.05", "--growth-years", "3", "--capital-share", "0.5"]),
    ("thuathienhue-data", "check",
     ["check", f"{PLANS}/thuathienhue_149-KH-UBND_2021.toml", "--as-of", "2021",
      "--actuals", f"{PLANS}/actuals/thuathienhue_EXAMPLE.csv",
      "--data", f"{PLANS}/data/thuathienhue_lp_2020_2021_DERIVED.csv"]),
    ("national-ranges", "check",
     ["check", f"{PLANS}/national_targets.toml", "--as-of", "2022", "--data", NATIONAL, *UNCERTAIN,
      "--draws", "300"]),
    ("national-no-capital", "check", ["check", f"{PLANS}/national_targets.toml", "--as-of", "2022", "--data", NATIONAL]),
    ("gialai-reported", "check",
     ["check", f"{PLANS}/gialai_2021-11-18.toml", "--actuals", f"{PLANS}/actuals/gialai_reported_2025.csv",
      "--as-of", "2025"]),
    ("nghean", "check",
     ["check", f"{PLANS}/nghean_683-KH-UBND_2021.toml", "--actuals", f"{PLANS}/actuals/nghean_EXAMPLE.csv",
      "--as-of", "2022"]),
    ("quangngai", "check",
     ["check", f"{PLANS}/quangngai_11-KH-UBND_2021.toml", "--actuals", f"{PLANS}/actuals/quangngai_EXAMPLE.csv",
      "--as-of", "2025"]),
    # harmonize: nominal output and employment; real output; statistics-office codes as names.
    ("provinces-nominal", "harmonize",
     ["harmonize", PROVINCES, "--to", "2025", "--column", "output_nominal=grdp_current_bn_vnd",
      "--column", "employment=labour_force_thousand"]),
    ("provinces-real", "harmonize", ["harmonize", PROVINCES, *PROVINCE_ROLES]),
    ("gso-codes-2011-2022", "harmonize",
     ["harmonize", PROVINCES_GSO_CODES, "--column", "region=gso_code",
      "--column", "output_nominal=grdp_current_bn_vnd_DERIVED"]),
    # benchmark: the README example; one year; a peer list; Malmquist; bootstrap rank intervals.
    ("provinces-2019-2021", "benchmark", ["benchmark", PROVINCES, "--from", "2019", "--to", "2021", *PROVINCE_ROLES]),
    ("provinces-2020", "benchmark", ["benchmark", PROVINCES, "--year", "2020", *PROVINCE_ROLES]),
    ("provinces-peer-list", "benchmark",
     ["benchmark", PROVINCES, "--from", "2019", "--to", "2021", *PROVINCE_ROLES,
      "--peers", "Hà Nội,Đà Nẵng,Hải Phòng,Cần Thơ,TP. Hồ Chí Minh"]),
    ("pwt-malmquist", "benchmark",
     ["benchmark", PWT, *PWT_ROLES, "--from", "2010", "--to", "2019", "--capital-share", "0.4", "--malmquist"]),
    ("pwt-rank-intervals", "benchmark",
     ["benchmark", PWT, *PWT_ROLES, "--from", "2010", "--to", "2019", "--capital-share-from-data", "--draws", "50"]),
]


# CSV and JSON name the same columns in the same order: (case above, JSON member, --table or None).
# CSV writes one table (benchmark chooses it with --table); JSON carries every table.
BENCHMARK_TABLES = ["ranks", "gaps", "sigma", "beta", "malmquist", "malmquist_years", "malmquist_regions"]
CSV_CASES = [
    ("account", "national-2016-2019", "rows", None),
    ("account", "national-summary", "periods", None),
    ("account", "uncertain-sensitivity", "rows", None),
    ("capital", "danang-dropped-rows", "rows", None),
    ("productivity", "pwt-hours-to-2020", "rows", None),
    ("estimate", "us-states-cluster", "coefficients", None),
    ("check", "national-ranges", "targets", None),
    ("harmonize", "provinces-nominal", "rows", None),
] + [("benchmark", "pwt-malmquist", table, table) for table in BENCHMARK_TABLES]


# Negative checks: (name, schema, case whose output is broken, how). Each `break_*` changes a deep
# copy of a valid output; the result must fail validation.
def delete(path):
    """Removes the member at path (a list of keys and indices)."""
    def change(doc):
        *parent, last = path
        target = doc
        for key in parent:
            target = target[key]
        del target[last]
    return change


def assign(path, value):
    """Sets the member at path to value."""
    def change(doc):
        *parent, last = path
        target = doc
        for key in parent:
            target = target[key]
        target[last] = value
    return change


def delete_both(*keys):
    def change(doc):
        for key in keys:
            del doc[key]
    return change


NEGATIVE = [
    ("no tfp_version", "account", "national-2016-2019", delete(["tfp_version"])),
    ("year as a string", "account", "national-2016-2019", assign(["rows", 1, "year"], "2011")),
    ("neither rows nor periods", "account", "national-2016-2019", delete_both("rows", "periods")),
    ("unknown method", "account", "national-2016-2019", assign(["method"], "solow")),
    ("capital_share outside (0, 1)", "account", "national-2016-2019", assign(["rows", 1, "capital_share"], 1.2)),
    ("scenarios without an interval column", "account", "uncertain-sensitivity",
     delete(["periods", 0, "tfp_share_low"])),
    ("sensitivity swing as text", "account", "uncertain-sensitivity", assign(["sensitivity", 0, "swing"], "23%")),
    ("notes not a list", "capital", "national", assign(["notes"], "Initial stock: ...")),
    ("capital null", "capital", "national", assign(["rows", 0, "capital"], None)),
    ("dropped row without line", "capital", "danang-dropped-rows", delete(["dropped_rows", 0, "line"])),
    ("output_per_worker as text", "productivity", "national-2016-2020",
     assign(["rows", 0, "output_per_worker"], "54.17")),
    ("per-hour column without its growth", "productivity", "pwt-hours-to-2020", delete(["rows", 0, "growth_per_hour"])),
    ("coefficient without a name", "estimate", "us-states-cluster", delete(["coefficients", 0, "name"])),
    ("cluster count as text", "estimate", "us-states-cluster", assign(["clusters", "state"], "48")),
    ("p above 1", "estimate", "us-states-cluster", assign(["coefficients", 0, "p"], 1.5)),
    ("unknown status", "check", "danang-actuals", assign(["targets", 0, "status"], "done")),
    ("as_of as text", "check", "danang-actuals", assign(["as_of"], "2024")),
    ("robust as a boolean", "check", "national-ranges", assign(["targets", 0, "robust"], True)),
    ("region null", "harmonize", "provinces-nominal", assign(["rows", 0, "region"], None)),
    ("no ranks", "benchmark", "provinces-2019-2021", delete(["ranks"])),
    ("rank 0", "benchmark", "provinces-2019-2021", assign(["ranks", 0, "rank"], 0)),
    ("malmquist without its means", "benchmark", "pwt-malmquist", delete(["malmquist_years"])),
]


class Results:
    """Counts and prints one line per case."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, name, detail=""):
        self.passed += 1
        print(f"ok    {name}" + (f"  ({detail})" if detail else ""))

    def fail(self, name, why):
        self.failed += 1
        print(f"FAIL  {name}: {why}")


def describe(error):
    """One line for a validation error: where and what."""
    where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
    if isinstance(error.instance, (dict, list)) and error.validator not in ("required", "dependentRequired"):
        # The message would repeat the whole object: name the rule instead.
        message = f"fails {error.validator}: {json.dumps(error.validator_value, ensure_ascii=False)}"
    else:
        message = error.message
    return f"{where}: {message if len(message) <= 160 else message[:157] + '...'}"


def resolve(schema, root):
    """Follows a local $ref ("#/$defs/NAME"), the only kind the schemas use."""
    while isinstance(schema, dict) and "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def undocumented(document, schema, root, path="$"):
    """Members of the output that the schema does not describe (paths like $.rows[].foo).

    The schemas accept unknown members (additionalProperties), so that an older schema still
    validates a newer output; this check keeps the committed schemas describing every field
    the current tfp writes."""
    schema = resolve(schema, root)
    found = set()
    if isinstance(document, dict) and isinstance(schema, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, value in document.items():
            if key in properties:
                found |= undocumented(value, properties[key], root, f"{path}.{key}")
            elif isinstance(extra, dict):  # a map such as estimate's clusters: any key, described values
                found |= undocumented(value, extra, root, f"{path}.*")
            else:
                found.add(f"{path}.{key}")
    elif isinstance(document, list) and isinstance(schema, dict) and "items" in schema:
        for item in document:
            found |= undocumented(item, schema["items"], root, f"{path}[]")
    return found


def load_schemas(results):
    """Reads and checks schemas/*.schema.json; returns {command: validator}."""
    validators, loaded = {}, {}
    for command in COMMANDS:
        name = f"schema/{command}"
        path = os.path.join(SCHEMA_DIR, f"{command}.schema.json")
        try:
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            Draft202012Validator.check_schema(schema)
        except Exception as e:  # missing file, bad JSON or not a valid draft 2020-12 schema
            results.fail(name, f"{os.path.relpath(path, ROOT)}: {e}".splitlines()[0])
            continue
        expected_id = f"{ID_BASE}{command}.schema.json"
        if schema.get("$id") != expected_id:
            results.fail(name, f"$id is {schema.get('$id')!r}, expected {expected_id!r}")
            continue
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            results.fail(name, f"$schema is {schema.get('$schema')!r}, expected draft 2020-12")
            continue
        loaded[command] = schema
        validators[command] = Draft202012Validator(schema)
        results.ok(name, "valid draft 2020-12")
    # The shared definitions are copied into each file; they must be the same everywhere.
    if loaded:
        first = next(iter(loaded))
        for key in SHARED_DEFS:
            differing = [c for c, s in loaded.items() if s.get("$defs", {}).get(key) != loaded[first]["$defs"].get(key)]
            if differing:
                results.fail(f"schema/shared-$defs/{key}", f"differs from {first}.schema.json in: {', '.join(differing)}")
            else:
                results.ok(f"schema/shared-$defs/{key}", f"same in {len(loaded)} schemas")
    return validators


def run_tfp(tfp, arguments, env):
    return subprocess.run([tfp, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def validate(results, name, validator, document, version):
    """Validates one output; also checks tfp_version against `tfp --version` and that
    every member of the output is described in the schema."""
    errors = list(validator.iter_errors(document))
    missing = sorted(undocumented(document, validator.schema, validator.schema))
    if errors:
        results.fail(name, f"{len(errors)} error(s); first: {describe(best_match(errors))}")
    elif isinstance(document, dict) and version and document.get("tfp_version") != version:
        results.fail(name, f"tfp_version {document.get('tfp_version')!r} but tfp --version says {version!r}")
    elif missing:
        results.fail(name, f"valid, but not described in the schema: {', '.join(missing)}")
    else:
        results.ok(name)


def main():
    parser = argparse.ArgumentParser(description="Validate tfp's JSON outputs against schemas/*.schema.json.")
    parser.add_argument("tfp", nargs="?", default=os.path.join(ROOT, ".build", "release", "tfp"),
                        help="the tfp binary (default: .build/release/tfp)")
    args = parser.parse_args()
    tfp = os.path.abspath(args.tfp)
    if not os.access(tfp, os.X_OK):
        print(f"check_schemas: no tfp binary at {tfp} (build with swift build -c release, or give its path)",
              file=sys.stderr)
        return 2
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    results = Results()
    validators = load_schemas(results)

    # The version every output must carry: `tfp --version` prints "tfp 0.5.0".
    version_run = run_tfp(tfp, ["--version"], env)
    version = version_run.stdout.strip().split()[-1] if version_run.returncode == 0 and version_run.stdout.strip() else None
    if version is None:
        results.fail("tfp --version", f"exit {version_run.returncode}: {version_run.stderr.strip()[:200]}")

    outputs = {}  # (schema, case) -> parsed output, for the negative checks
    counts = {c: 0 for c in COMMANDS}
    with tempfile.TemporaryDirectory(prefix="tfp-schemas-") as tmp:
        # 1. Real invocations on the bundled data.
        for case, command, arguments in CASES:
            name = f"{command}/{case}"
            arguments = [a.replace("{tmp}", tmp) for a in arguments] + ["--format", "json"]
            output_file = arguments[arguments.index("--output") + 1] if "--output" in arguments else None
            try:
                proc = run_tfp(tfp, arguments, env)
            except subprocess.TimeoutExpired:
                results.fail(name, f"no answer in {TIMEOUT} s")
                continue
            if proc.returncode != 0:
                results.fail(name, f"exit {proc.returncode}: {proc.stderr.strip()[:300]}")
                continue
            try:
                if output_file:
                    with open(output_file, encoding="utf-8") as f:
                        document = json.load(f)
                else:
                    document = json.loads(proc.stdout)
            except (OSError, ValueError) as e:
                results.fail(name, f"output is not JSON: {e}")
                continue
            counts[command] += 1
            outputs[(command, case)] = document
            if command not in validators:
                results.fail(name, "no usable schema")
                continue
            validate(results, name, validators[command], document, version)

        # Every schema is exercised by at least two invocations.
        for command, n in counts.items():
            if n < 2:
                results.fail(f"coverage/{command}", f"only {n} successful invocation(s); at least 2 are needed")

        # CSV headers against the JSON members (the same field names for R and Python users either way).
        arguments_of = {(command, case): arguments for case, command, arguments in CASES}
        for command, case, member, table in CSV_CASES:
            name = f"csv/{command}/{case}/{member}"
            rows = outputs.get((command, case), {}).get(member)
            if not rows:
                results.fail(name, f"no {member} in the JSON output of {command}/{case} to compare with")
                continue
            arguments = arguments_of[(command, case)] + ["--format", "csv"] + (["--table", table] if table else [])
            proc = run_tfp(tfp, arguments, env)
            header = next(csv.reader(io.StringIO(proc.stdout)), []) if proc.returncode == 0 else None
            if header is None:
                results.fail(name, f"exit {proc.returncode}: {proc.stderr.strip()[:300]}")
            elif header != list(rows[0].keys()):
                results.fail(name, f"CSV header {header} differs from the JSON keys {list(rows[0].keys())}")
            else:
                results.ok(name, f"{len(header)} columns as in JSON")

        # 2. The JSON outputs of a batch run, each against the schema of the command that wrote it.
        run_dir = os.path.join(tmp, "run")
        name = "run/EXAMPLE_annual"
        proc = run_tfp(tfp, ["run", RUN_SPEC, "--output", run_dir], env)
        if proc.returncode != 0:
            results.fail(name, f"exit {proc.returncode}: {proc.stderr.strip()[:300]}")
        else:
            try:
                with open(os.path.join(run_dir, "manifest.json"), encoding="utf-8") as f:
                    manifest = json.load(f)
                tasks = [t for t in manifest["tasks"] if "--format" in t["arguments"]
                         and t["arguments"][t["arguments"].index("--format") + 1] == "json"]
            except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
                tasks = None
                results.fail(name, f"cannot read the manifest: {e!r}")
            if tasks == []:
                results.fail(name, "the run wrote no JSON output to check")
            for task in tasks or []:
                command, path = task["arguments"][0], (task.get("output") or {}).get("path", "?")
                task_name = f"run/{path}"
                if task.get("status") != "ok":
                    results.fail(task_name, f"job {task.get('job')!r} status {task.get('status')!r}")
                    continue
                if command not in validators:
                    results.fail(task_name, f"no schema for command {command!r}")
                    continue
                try:
                    with open(os.path.join(run_dir, path), encoding="utf-8") as f:
                        document = json.load(f)
                except (OSError, ValueError) as e:
                    results.fail(task_name, f"output is not JSON: {e}")
                    continue
                validate(results, f"{task_name} ({command})", validators[command], document, version)

    # 3. Negative checks: broken copies of real outputs must be rejected.
    for what, command, case, change in NEGATIVE:
        name = f"negative/{command}/{what}"
        if (command, case) not in outputs or command not in validators:
            results.fail(name, f"no output of {command}/{case} to break")
            continue
        broken = copy.deepcopy(outputs[(command, case)])
        try:
            change(broken)
        except (KeyError, IndexError, TypeError) as e:
            results.fail(name, f"cannot break the output of {case} this way ({e!r})")
            continue
        error = best_match(validators[command].iter_errors(broken))
        if error is None:
            results.fail(name, "the broken output was accepted")
        else:
            results.ok(name, f"rejected: {describe(error)}")

    # 4. Forward compatibility: members added by a later tfp are accepted by the schema, and this
    #    script's documentation check flags them (so they get described when they are added).
    name = "forward/account/unknown members accepted and flagged"
    document = copy.deepcopy(outputs.get(("account", "national-2016-2019"), {}))
    if "account" in validators and document.get("rows"):
        document["future_member"] = {"any": 1}
        document["rows"][0]["future_column"] = 0.5
        errors = list(validators["account"].iter_errors(document))
        flagged = undocumented(document, validators["account"].schema, validators["account"].schema)
        if errors:
            results.fail(name, f"rejected: {describe(best_match(errors))}")
        elif flagged != {"$.future_member", "$.rows[].future_column"}:
            results.fail(name, f"flagged {sorted(flagged)}")
        else:
            results.ok(name)
    else:
        results.fail(name, "no account output to extend")

    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
