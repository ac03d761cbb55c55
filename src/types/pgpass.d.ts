declare module "pgpass" {
  /** pgpass (the package node-postgres uses): the password ~/.pgpass gives for a connection, or undefined. */
  function pgpass(info: Record<string, string>, cb: (pass: string | undefined) => void): void;
  export default pgpass;
}
