// Validates docker-compose.yml without a Docker engine: it must parse, and keep the shape docs/operations.md
// promises (API + PostgreSQL with a health check, the API waiting for it, no secret committed).
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const file = process.argv[2] ?? "docker-compose.yml";
const failures = [];
const check = (ok, message) => { if (!ok) failures.push(message); };

const compose = parse(readFileSync(file, "utf8"));
const { api, db } = compose?.services ?? {};
check(api && db, "services 'api' and 'db' are defined");
check(db?.image?.startsWith("postgres:"), "db runs a postgres image");
check(Array.isArray(db?.healthcheck?.test) && db.healthcheck.test.join(" ").includes("pg_isready"), "db has a pg_isready health check");
check(api?.build === ".", "api is built from the repository's Dockerfile");
check(api?.depends_on?.db?.condition === "service_healthy", "api waits for a healthy db");
check(api?.environment?.Database__Provider === "Postgres", "api uses PostgreSQL");
check(String(api?.environment?.Database__ConnectionString ?? "").includes("Host=db"), "api connects to the db service");
check(/^\$\{AUTH_SIGNING_KEY:\?/.test(String(api?.environment?.Auth__SigningKey ?? "")), "the signing key comes from the environment and is required");
check((api?.ports ?? []).some((p) => String(p).endsWith(":8080")), "api publishes port 8080");

if (failures.length > 0) {
  console.error(`${file}: ${failures.length} problem(s):\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log(`${file}: ok`);
