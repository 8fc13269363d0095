/** Types for the parts of sodium-native that Parasol uses (the package ships none). */
declare module 'sodium-native' {
  type Buf = Buffer | Uint8Array;
  const sodium: {
    randombytes_buf(buf: Buf): void;
    randombytes_uniform(upper: number): number;
    sodium_memzero(buf: Buf): void;
    crypto_aead_xchacha20poly1305_ietf_KEYBYTES: number;
    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;
    crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
    crypto_aead_xchacha20poly1305_ietf_encrypt(c: Buf, m: Buf, ad: Buf | null, nsec: null, npub: Buf, k: Buf): number;
    crypto_aead_xchacha20poly1305_ietf_decrypt(m: Buf, nsec: null, c: Buf, ad: Buf | null, npub: Buf, k: Buf): number;
    crypto_box_PUBLICKEYBYTES: number;
    crypto_box_SECRETKEYBYTES: number;
    crypto_box_SEEDBYTES: number;
    crypto_box_SEALBYTES: number;
    crypto_box_keypair(pk: Buf, sk: Buf): void;
    crypto_box_seed_keypair(pk: Buf, sk: Buf, seed: Buf): void;
    crypto_box_seal(c: Buf, m: Buf, pk: Buf): void;
    crypto_box_seal_open(m: Buf, c: Buf, pk: Buf, sk: Buf): boolean;
    crypto_scalarmult_base(q: Buf, n: Buf): void;
    crypto_kdf_KEYBYTES: number;
    crypto_kdf_CONTEXTBYTES: number;
    crypto_kdf_derive_from_key(subkey: Buf, subkeyId: number, ctx: Buf, key: Buf): void;
    crypto_generichash(out: Buf, input: Buf, key?: Buf): void;
    crypto_pwhash_SALTBYTES: number;
    crypto_pwhash_ALG_ARGON2ID13: number;
    crypto_pwhash(out: Buf, passwd: Buf, salt: Buf, opslimit: number, memlimit: number, alg: number): void;
    crypto_pwhash_async(out: Buf, passwd: Buf, salt: Buf, opslimit: number, memlimit: number, alg: number): Promise<void>;
  };
  export default sodium;
}
