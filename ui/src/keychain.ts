// Where the key and secret are kept, as the platform names it (Windows Credential Manager, the
// macOS Keychain, your Linux keyring): the core says which, once, in the catalog.
let name = "the keychain";

/** Called once the catalog is read. */
export function knowKeychain(platformName: string) {
  name = platformName;
}

export function keychain(): string {
  return name;
}
