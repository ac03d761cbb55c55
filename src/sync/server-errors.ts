import { ExitCode, TrustError } from "../errors.js";
import type { Remote } from "./remote.js";

/**
 * What went wrong with the team's server, said in one line with exit 5 (README): nothing the
 * server's driver throws reaches the person as a stack trace. `during` says what was under way,
 * and `kept` what is safe already, so a failure in the middle of a push or pull says truthfully
 * that running it again goes on from there.
 */
export class RemoteError extends TrustError {
  override name = "RemoteError";
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, ExitCode.remote, options);
  }
}

interface PgError {
  code?: string;
  message?: string;
  errno?: number;
  address?: string;
}

/** The error a failure of the server or the connection to it becomes. */
export function remoteError(err: unknown, remote: Remote, during: string, kept = ""): TrustError {
  if (err instanceof TrustError) return err;
  const e = (err ?? {}) as PgError;
  const message = String(e.message ?? err);
  const where = `the team server (${remote.shown})`;
  const again = kept === "" ? "" : ` ${kept}`;
  const user = userOf(remote);
  const when = during === "connection" ? "while connecting" : `during the ${during}`;
  switch (e.code) {
    case "ECONNREFUSED":
      return new RemoteError(`cannot reach ${where}: the connection was refused`, { hint: "Is the server running, and is the host and port right?", cause: err });
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new RemoteError(`cannot reach ${where}: its host name is not known`, { hint: "Check the host in the URL, or the network.", cause: err });
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new RemoteError(`cannot reach ${where}: the network did not answer`, { hint: "Check the network, or try again later.", cause: err });
    case "28P01":
      return new RemoteError(`${where} refused the password for ${user}`, {
        hint: "Check PGPASSWORD, ~/.pgpass or the password in the URL; trust never stores it.",
        cause: err,
      });
    case "3D000":
      return new RemoteError(`${where} has no such database`, { hint: "Create it first (the README shows how), or fix the database name in the URL.", cause: err });
    case "42501":
      return new RemoteError(`${where} refused ${user} the ${during} (permission denied)`, {
        hint:
          during === "push"
            ? "A read-only role can only pull: `trust sync --pull`. The README shows the roles to create."
            : "The README shows the roles to create and what each may do.",
        cause: err,
      });
    case "57P01":
    case "57P02":
    case "57P03":
      return new RemoteError(`${where} shut down ${when}.${again}`, { hint: "Run `trust sync` again once it is back.", cause: err });
    case "ECONNRESET":
    case "EPIPE":
      return new RemoteError(`the connection to ${where} was cut ${when}.${again}`, { hint: "Run `trust sync` again.", cause: err });
  }
  if (e.code === "28000" && /no encryption|SSL off/i.test(message)) {
    return new RemoteError(`${where} accepts ${user} only over TLS`, { hint: "Add ?sslmode=require to the URL (or set PGSSLMODE=require).", cause: err });
  }
  if (e.code === "28000") return new RemoteError(`${where} does not let ${user} in (${message})`, { hint: "Its pg_hba.conf decides who may connect from where.", cause: err });
  if (/does not support SSL/i.test(message)) {
    return new RemoteError(`${where} does not offer TLS, and the URL asks for it (sslmode)`, { hint: "Ask for TLS on the server, or drop sslmode=require if the network is private.", cause: err });
  }
  if (/self[- ]signed|certificate|unable to verify/i.test(message)) {
    return new RemoteError(`${where}'s TLS certificate could not be verified: ${message}`, { hint: "sslmode=verify-full needs a certificate your system trusts.", cause: err });
  }
  if (/Connection terminated|connection timeout|timeout expired/i.test(message)) {
    return new RemoteError(`the connection to ${where} was lost ${when}.${again}`, { hint: "Run `trust sync` again.", cause: err });
  }
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) {
    return new RemoteError(`${where} refused the ${during}: ${message} (SQLSTATE ${e.code}).${again}`, { cause: err });
  }
  return new RemoteError(`the ${during} with ${where} failed: ${message}.${again}`, { cause: err });
}

function userOf(remote: Remote): string {
  try {
    const name = decodeURIComponent(new URL(remote.url).username);
    if (name !== "") return `role "${name}"`;
  } catch {
    // resolveRemote checked it.
  }
  return process.env.PGUSER ? `role "${process.env.PGUSER}"` : "this role";
}
