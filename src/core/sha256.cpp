// SHA-256 by OpenSSL's libcrypto (Debian libssl-dev), which the process loads anyway (libzip links
// it) and which uses the CPU's SHA instructions where there are some: six times the speed of the
// portable code this replaced, and the hash of every imported file is taken in the importing
// parent, on the writer's side of the import.
#include "core/sha256.h"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace jixiao {
namespace {

// Fetched once: an implicit fetch by EVP_sha256() on every init costs as much as hashing a
// small text file.
const EVP_MD* sha256_method() {
  static const EVP_MD* md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!fetched) throw std::runtime_error("OpenSSL has no SHA256");
    return fetched;
  }();
  return md;
}

}  // namespace

struct Sha256::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  if (!context_->ctx) throw std::bad_alloc();
  if (EVP_DigestInit_ex(context_->ctx, sha256_method(), nullptr) != 1)
    throw std::runtime_error("OpenSSL cannot start a SHA-256");
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  if (!bytes.empty()) EVP_DigestUpdate(context_->ctx, bytes.data(), bytes.size());
}

std::string Sha256::hex_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->ctx, digest, &length);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0xF]);
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.hex_digest();
}

}  // namespace jixiao
