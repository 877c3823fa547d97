/*
 * The characters OpenCC's Traditional→Simplified conversion can change
 * (not installed; C++ only because OpenCC's dictionaries can be listed only
 * through its C++ API). See wp__t2s_keychars in textnorm.h.
 */
#include <opencc/Config.hpp>
#include <opencc/Conversion.hpp>
#include <opencc/ConversionChain.hpp>
#include <opencc/Converter.hpp>
#include <opencc/Dict.hpp>
#include <opencc/DictGroup.hpp>
#include <opencc/DictEntry.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MaxMatchSegmentation.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>

namespace {

/* Next code point of s at *i (0x110000 for a malformed sequence). */
uint32_t next_cp(const std::string &s, size_t *i)
{
    const unsigned char *u = reinterpret_cast<const unsigned char *>(s.data()) + *i;
    size_t left = s.size() - *i, n;
    uint32_t cp;
    if (u[0] < 0x80)
        n = 1, cp = u[0];
    else if ((u[0] & 0xE0) == 0xC0)
        n = 2, cp = u[0] & 0x1F;
    else if ((u[0] & 0xF0) == 0xE0)
        n = 3, cp = u[0] & 0x0F;
    else if ((u[0] & 0xF8) == 0xF0)
        n = 4, cp = u[0] & 0x07;
    else
        n = 1, cp = 0x110000;
    if (n > left) {
        *i = s.size();
        return 0x110000;
    }
    for (size_t k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *i += k;
            return 0x110000;
        }
        cp = (cp << 6) | (u[k] & 0x3F);
    }
    *i += n;
    return cp > 0x10FFFF ? 0x110000 : cp;
}


/* Set a code point in a bitmap of 0x110000 bits. */
void set_bit(unsigned char *bits, uint32_t cp)
{
    bits[cp >> 3] |= static_cast<unsigned char>(1u << (cp & 7));
}

bool has_bit(const unsigned char *bits, uint32_t cp)
{
    return (bits[cp >> 3] >> (cp & 7)) & 1;
}

/* The code points of s; false if s is not UTF-8. */
bool code_points(const std::string &s, std::vector<uint32_t> *out)
{
    out->clear();
    for (size_t i = 0; i < s.size();) {
        uint32_t cp = next_cp(s, &i);
        if (cp > 0x10FFFF)
            return false;
        out->push_back(cp);
    }
    return true;
}

/* The lexicons of a dictionary: a group's are those of its dictionaries
 * (DictGroup::GetLexicon would merge and sort them all: most of the time
 * of listing; the bitmaps below do not depend on the order). */
void lexicons_of(const opencc::DictPtr &dict, std::vector<opencc::LexiconPtr> *out)
{
    if (auto *group = dynamic_cast<const opencc::DictGroup *>(dict.get())) {
        for (const opencc::DictPtr &d : group->GetDicts())
            lexicons_of(d, out);
        return;
    }
    out->push_back(dict->GetLexicon());
}

} // namespace

/* Fill two bitmaps of 0x110000 bits each (zeroed by the caller) from the
 * dictionaries of the converter `conv`:
 * - `keys`: every character of every key (of the segmentation's dictionary
 *   and of every conversion's). No match of the segmentation or of a
 *   conversion can span a character outside `keys`, so the conversion of a
 *   text is the conversion of each run of `keys` characters, the other
 *   characters copied;
 * - `change`: at least one character of every key whose first value is not
 *   the key itself (a character the key does not share with its value,
 *   preferring one already chosen). A run without a `change` character
 *   comes out of the conversion unchanged: segmentation only splits, and a
 *   conversion copies unmatched characters and replaces a matched key by
 *   its first value.
 * Returns 0, or -1 when the dictionaries cannot be listed (an unknown
 * segmentation, a key that is not UTF-8, an OpenCC exception, no memory):
 * the caller must then convert every text whole. */
namespace {
int keychars(const opencc::ConverterPtr &conv, unsigned char *keys, unsigned char *change)
{
    try {
        std::vector<opencc::LexiconPtr> lexicons;
        auto *seg = dynamic_cast<const opencc::MaxMatchSegmentation *>(
            conv->GetSegmentation().get());
        if (seg == nullptr)
            return -1; /* another segmentation: not known to stay in runs */
        lexicons_of(seg->GetDict(), &lexicons);
        const size_t n_seg = lexicons.size(); /* the segmentation's: keys only */
        for (const opencc::ConversionPtr &c : conv->GetConversionChain()->GetConversions())
            lexicons_of(c->GetDict(), &lexicons);
        std::vector<uint32_t> k, v;
        std::vector<std::pair<std::vector<uint32_t>, std::vector<uint32_t>>> phrases;
        for (size_t l = 0; l < lexicons.size(); l++)
            for (size_t e = 0; e < lexicons[l]->Length(); e++) {
                const opencc::DictEntry *entry = lexicons[l]->At(e);
                std::string key = entry->Key(), val = entry->GetDefault();
                if (!code_points(key, &k) || k.empty())
                    return -1;
                for (uint32_t cp : k)
                    set_bit(keys, cp);
                if (l < n_seg || val == key)
                    continue; /* segmentation only, or maps to itself */
                if (!code_points(val, &v))
                    return -1;
                if (k.size() == 1)
                    set_bit(change, k[0]);
                else
                    phrases.emplace_back(k, v);
            }
        for (auto &p : phrases) {
            const std::vector<uint32_t> &pk = p.first, &pv = p.second;
            std::vector<uint32_t> cand;
            bool done = false;
            for (size_t i = 0; i < pk.size(); i++) {
                bool differs = pk.size() == pv.size()
                                   ? pk[i] != pv[i]
                                   : std::find(pv.begin(), pv.end(), pk[i]) == pv.end();
                if (differs)
                    cand.push_back(pk[i]);
            }
            if (cand.empty())
                cand = pk;
            for (uint32_t cp : cand)
                if (has_bit(change, cp))
                    done = true;
            if (!done)
                set_bit(change, cand[0]);
        }
        return 0;
    } catch (...) {
        return -1;
    }
}

std::string last_error; /* of the last failed open or conversion */
std::mutex last_error_mutex;

void set_error(const char *what)
{
    std::lock_guard<std::mutex> lock(last_error_mutex);
    last_error = what;
}
} // namespace

/* The converter of OpenCC's configuration `config` (what opencc_open
 * loads: Config::NewFromFile), its dictionaries listed into `keys` and
 * `change` as described above (*keys_ok false when they cannot be). One
 * load of the dictionaries serves both (opencc_open would load them a
 * second time). Returns the converter (never freed: it lives as long as
 * the process), or NULL with the reason in msg. */
extern "C" void *wp__t2s_cpp_open(const char *config, unsigned char *keys, unsigned char *change,
                                  bool *keys_ok, char *msg, size_t msg_size);
extern "C" void *wp__t2s_cpp_open(const char *config, unsigned char *keys, unsigned char *change,
                                  bool *keys_ok, char *msg, size_t msg_size)
{
    *keys_ok = false;
    try {
        opencc::Config cfg;
        auto *conv = new opencc::ConverterPtr(cfg.NewFromFile(config));
        *keys_ok = keychars(*conv, keys, change) == 0;
        return conv;
    } catch (const std::exception &ex) {
        snprintf(msg, msg_size, "%s", ex.what());
    } catch (...) {
        snprintf(msg, msg_size, "unknown error");
    }
    return nullptr;
}

/* s[0..len) converted (as opencc_convert_utf8 does: Converter::Convert of
 * the same string), NUL-terminated, from malloc (free it with free()); NULL
 * on failure, the reason in wp__t2s_cpp_error(). */
extern "C" char *wp__t2s_cpp_convert(void *cc, const char *s, size_t len);
extern "C" char *wp__t2s_cpp_convert(void *cc, const char *s, size_t len)
{
    try {
        const opencc::ConverterPtr &conv = *static_cast<opencc::ConverterPtr *>(cc);
        std::string out = conv->Convert(std::string(s, len));
        char *buf = static_cast<char *>(std::malloc(out.size() + 1));
        if (buf == nullptr) {
            set_error("out of memory");
            return nullptr;
        }
        std::memcpy(buf, out.data(), out.size());
        buf[out.size()] = '\0';
        return buf;
    } catch (const std::exception &ex) {
        set_error(ex.what());
    } catch (...) {
        set_error("unknown error");
    }
    return nullptr;
}

/* The reason of the last failed wp__t2s_cpp_convert, copied into msg. */
extern "C" void wp__t2s_cpp_error(char *msg, size_t msg_size);
extern "C" void wp__t2s_cpp_error(char *msg, size_t msg_size)
{
    std::lock_guard<std::mutex> lock(last_error_mutex);
    snprintf(msg, msg_size, "%s", last_error.c_str());
}
