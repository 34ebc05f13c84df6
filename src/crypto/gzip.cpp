#include <cococtl/crypto/encoding.hpp>

#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <limits>

namespace cococtl::crypto {
namespace {

constexpr int k_gzip_window = 15 + 16;  // 15-bit window, gzip wrapper instead of zlib's

// Owns a z_stream for deflate or inflate and ends it on scope exit.
class ZStream {
 public:
  explicit ZStream(bool deflating) : m_deflating(deflating) {}
  ~ZStream() {
    if (m_started) m_deflating ? deflateEnd(&m_stream) : inflateEnd(&m_stream);
  }
  ZStream(const ZStream&) = delete;
  ZStream& operator=(const ZStream&) = delete;

  bool start() {
    const int rc = m_deflating ? deflateInit2(&m_stream, 9, Z_DEFLATED, k_gzip_window, 9, Z_DEFAULT_STRATEGY)
                               : inflateInit2(&m_stream, k_gzip_window);
    m_started = rc == Z_OK;
    return m_started;
  }
  z_stream* get() { return &m_stream; }

 private:
  z_stream m_stream{};
  bool m_deflating;
  bool m_started = false;
};

void set_input(z_stream* zs, std::string_view data) {
  zs->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs->avail_in = static_cast<uInt>(data.size());
}

}  // namespace

util::Result<std::string> gzip_compress(std::string_view data) {
  if (data.size() > std::numeric_limits<uInt>::max()) return util::invalid_input("gzip: input too large");
  ZStream stream(true);
  if (!stream.start()) return util::failure("gzip: deflateInit2 failed");
  z_stream* zs = stream.get();
  // The default header zlib writes has mtime 0, no name and a fixed OS byte: reproducible.
  set_input(zs, data);
  std::string out(deflateBound(zs, static_cast<uLong>(data.size())), '\0');
  zs->next_out = reinterpret_cast<Bytef*>(out.data());
  zs->avail_out = static_cast<uInt>(out.size());
  if (deflate(zs, Z_FINISH) != Z_STREAM_END) return util::failure("gzip: deflate did not finish");
  out.resize(zs->total_out);
  return out;
}

util::Result<std::string> gzip_decompress(std::string_view data, std::size_t max_size) {
  if (data.size() > std::numeric_limits<uInt>::max()) return util::invalid_input("gunzip: input too large");
  ZStream stream(false);
  if (!stream.start()) return util::failure("gunzip: inflateInit2 failed");
  z_stream* zs = stream.get();
  set_input(zs, data);
  std::string out;
  std::array<char, 16384> buffer{};
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs->next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs->avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      return util::invalid_input(rc == Z_BUF_ERROR ? "gunzip: truncated data" : "gunzip: corrupt data");
    }
    out.append(buffer.data(), buffer.size() - zs->avail_out);
    if (out.size() > max_size) return util::invalid_input(fmt::format("gunzip: output exceeds {} bytes", max_size));
  }
  if (zs->avail_in != 0) return util::invalid_input("gunzip: trailing data after the gzip stream");
  return out;
}

}  // namespace cococtl::crypto
