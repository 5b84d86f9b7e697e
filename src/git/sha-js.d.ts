/** The part of sha.js the git code uses (the package ships no types; isomorphic-git hashes with it too). */
declare module 'sha.js/sha1.js' {
  export default class Sha1 {
    update(data: Uint8Array | string): this;
    digest(): Uint8Array;
  }
}
