import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

/**
 * A throwaway certificate authority and one server certificate it signs for the given host
 * names, made with the openssl command line in `dir`. A process started with
 * NODE_EXTRA_CA_CERTS=caFile then trusts the server certificate as it trusts Google's own.
 */

export interface TestCertificates {
  /** The CA's certificate (PEM), for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** The server's certificate and key (PEM), for a TLS server answering as those hosts. */
  cert: string;
  key: string;
}

const run = promisify(execFile);

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run("openssl", args, { cwd });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("openssl non trovato: installalo (sudo apt-get install -y openssl) per i test dell'account di servizio");
    }
    throw error;
  }
}

export async function createTestCertificates(dir: string, hostNames: readonly string[]): Promise<TestCertificates> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  await openssl(
    [
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "2",
      "-subj",
      "/CN=Rete URP test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    dir,
  );
  await openssl(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", `/CN=${hostNames[0]}`], dir);
  await writeFile(
    join(dir, "server.ext"),
    [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      `subjectAltName=${hostNames.map((host) => `DNS:${host}`).join(",")}`,
      "",
    ].join("\n"),
  );
  await openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "server.ext",
      "-out",
      "server.pem",
    ],
    dir,
  );
  return {
    caFile: join(dir, "ca.pem"),
    cert: await readFile(join(dir, "server.pem"), "utf8"),
    key: await readFile(join(dir, "server.key"), "utf8"),
  };
}
