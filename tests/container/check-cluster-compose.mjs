// Checks deploy/compose.yaml without a Docker engine: it must parse, keep the topology of docs/cluster.md
// (HAProxy, three instances, a migration step that runs first, a primary and a standby, Redis), run on the
// configuration files the local cluster runs on (one copy of each), keep demo data off and secrets out,
// and its HAProxy settings must make a configuration HAProxy accepts (haproxy -c, when installed).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";

const file = process.argv[2] ?? "deploy/compose.yaml";
const root = resolve(dirname(file), "..");
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const compose = parse(readFileSync(file, "utf8"), { merge: true });
const services = compose?.services ?? {};
const { haproxy, migrate, redis } = services;
const primary = services["postgres-primary"];
const standby = services["postgres-standby"];
const apis = ["api1", "api2", "api3"].map((name) => services[name]);

// The files a service mounts, as paths from the repository root.
const mounts = (service) => (service?.volumes ?? [])
  .map((volume) => String(volume).split(":"))
  .filter(([source]) => source.startsWith("."))
  .map(([source, target]) => ({ source: relative(root, resolve(dirname(file), source)), target }));
const mounted = (service, source) => mounts(service).find((m) => m.source === source);
const localCluster = readFileSync(join(root, "deploy/local/cluster.sh"), "utf8");

check(apis.every(Boolean) && haproxy && migrate && primary && standby && redis,
  "services haproxy, api1, api2, api3, migrate, postgres-primary, postgres-standby and redis are defined");

// One HAProxy configuration, one PostgreSQL configuration: the local cluster's.
for (const [service, source] of [[haproxy, "deploy/haproxy/haproxy.cfg"], [primary, "deploy/postgres/replication.conf"], [standby, "deploy/postgres/replication.conf"]]) {
  check(existsSync(join(root, source)) && mounted(service, source), `${source} is mounted from the repository`);
  check(localCluster.includes(source), `deploy/local/cluster.sh runs on ${source} too`);
}
for (const db of [primary, standby]) {
  const target = mounted(db, "deploy/postgres/replication.conf")?.target;
  check(target && (db?.command ?? []).includes(`config_file=${target}`), "PostgreSQL runs with the shared replication.conf as its configuration");
}
check(mounted(primary, "deploy/postgres/init-primary.sh")?.target?.startsWith("/docker-entrypoint-initdb.d/"), "the primary creates the replication role on first start");
check(mounted(standby, "deploy/postgres/standby-entrypoint.sh") && String(standby?.entrypoint).includes("standby-entrypoint.sh"),
  "the standby is made from a base backup of the primary on first start");

// The balancer: every instance behind it, and the only address the instances believe X-Forwarded-For from.
const env = haproxy?.environment ?? {};
check(["HAPROXY_API1", "HAPROXY_API2", "HAPROXY_API3"].map((key) => String(env[key]).split(":")[0]).join() === "api1,api2,api3",
  "HAProxy balances over api1, api2 and api3");
const proxyAddress = haproxy?.networks?.backend?.ipv4_address;
check(proxyAddress && env.HAPROXY_SOURCE === proxyAddress, "HAProxy connects to the instances from its own fixed address (HAPROXY_SOURCE)");
check((haproxy?.ports ?? []).some((p) => String(p).endsWith(":8080")), "HAProxy publishes port 8080");

// The instances and the migration step.
for (const [name, service] of [["api1", apis[0]], ["api2", apis[1]], ["api3", apis[2]], ["migrate", migrate]]) {
  const e = service?.environment ?? {};
  check(service?.build, `${name} is built from the repository's Dockerfile`);
  check(e.ASPNETCORE_ENVIRONMENT === "Production", `${name} runs in Production`);
  check(e.Database__SeedDemoData === "false", `${name} loads no demo data`);
  check(e.ForwardedHeaders__KnownProxies__0 === proxyAddress, `${name} trusts HAProxy's address, and only it`);
  check(/^\$\{AUTH_SIGNING_KEY:\?/.test(String(e.Auth__SigningKey ?? "")), `${name}: the signing key comes from the environment and is required`);
  check(/Password=\$\{POSTGRES_PASSWORD:\?/.test(String(e.Database__ConnectionString ?? "")), `${name}: the database password comes from the environment`);
  check(String(e.Redis__Configuration ?? "").startsWith("redis:"), `${name} shares its rate limits through Redis`);
}
for (const [index, api] of apis.entries()) {
  const e = api?.environment ?? {};
  check(e.Database__MigrateOnStartup === "false", `api${index + 1} does not migrate`);
  check(/Host=postgres-primary:5432,postgres-standby:5432;/.test(String(e.Database__ConnectionString ?? "")), `api${index + 1} lists the primary and the standby`);
  check(api?.depends_on?.migrate?.condition === "service_completed_successfully", `api${index + 1} starts after the migration step succeeded`);
}
check((migrate?.command ?? []).includes("--migrate-only") && migrate?.restart === "no", "the migration step runs --migrate-only once");
check(migrate?.depends_on?.["postgres-primary"]?.condition === "service_healthy", "the migration step waits for the primary");
check(/^Host=postgres-primary:5432;/.test(String(migrate?.environment?.Database__ConnectionString ?? "")), "the migration step connects to the primary only");
check((redis?.command ?? []).join(" ").includes("--appendonly no"), "Redis keeps nothing on disk");

// HAProxy must accept the configuration with these settings (the instances' names need not resolve here).
const which = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" });
if (which.status !== 0) {
  failures.push("haproxy is not installed, so the configuration cannot be checked (apt-get install -y haproxy)");
} else {
  const checked = spawnSync("haproxy", ["-c", "-q", "-f", join(root, "deploy/haproxy/haproxy.cfg")], {
    encoding: "utf8",
    env: { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])), HAPROXY_RUNTIME_SOCKET: "/tmp/haproxy-check.sock" },
  });
  check(checked.status === 0, `haproxy -c accepts deploy/haproxy/haproxy.cfg with the compose settings: ${checked.stderr}`);
}

if (failures.length > 0) {
  console.error(`${file}: ${failures.length} problem(s):\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log(`${file}: ok`);
