#include <cococtl/oci/auth_challenge.hpp>

#include <cctype>

namespace cococtl::oci {
namespace {

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A tiny cursor over the header value.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : m_text(text) {}

  bool done() const { return m_pos >= m_text.size(); }
  char peek() const { return done() ? '\0' : m_text[m_pos]; }
  void skip_space() {
    while (!done() && (peek() == ' ' || peek() == '\t')) ++m_pos;
  }
  void skip_separators() {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == ',')) ++m_pos;
  }
  std::string_view token() {
    const auto start = m_pos;
    while (!done() && (is_token_char(peek()) || peek() == '/')) ++m_pos;
    return m_text.substr(start, m_pos - start);
  }
  std::string quoted() {
    std::string out;
    ++m_pos;  // opening quote
    while (!done() && peek() != '"') {
      if (peek() == '\\' && m_pos + 1 < m_text.size()) ++m_pos;
      out += m_text[m_pos++];
    }
    if (!done()) ++m_pos;  // closing quote
    return out;
  }
  // True when the next thing is `name=` (an auth-param) rather than a new scheme.
  bool at_param() const {
    auto p = m_pos;
    while (p < m_text.size() && is_token_char(m_text[p])) ++p;
    while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t')) ++p;
    return p < m_text.size() && m_text[p] == '=' && (p + 1 >= m_text.size() || m_text[p + 1] != '=');
  }
  void advance() { ++m_pos; }

 private:
  std::string_view m_text;
  std::size_t m_pos = 0;
};

void read_params(Scanner& scan, Challenge& challenge) {
  while (true) {
    scan.skip_separators();
    if (scan.done() || !scan.at_param()) return;
    const auto name = lower(scan.token());
    scan.skip_space();
    scan.advance();  // '='
    scan.skip_space();
    challenge.params[name] = scan.peek() == '"' ? scan.quoted() : std::string(scan.token());
  }
}

}  // namespace

std::string Challenge::param(const std::string& name) const {
  const auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::vector<Challenge> parse_www_authenticate(std::string_view header) {
  std::vector<Challenge> out;
  Scanner scan(header);
  while (true) {
    scan.skip_separators();
    if (scan.done()) return out;
    const auto scheme = scan.token();
    if (scheme.empty()) return out;  // garbage: stop rather than loop
    Challenge challenge{lower(scheme), {}};
    scan.skip_space();
    // token68 form (`Basic abc==`) carries no params we use; skip it.
    if (!scan.done() && scan.peek() != ',' && !scan.at_param()) scan.token();
    read_params(scan, challenge);
    out.push_back(std::move(challenge));
  }
}

}  // namespace cococtl::oci
