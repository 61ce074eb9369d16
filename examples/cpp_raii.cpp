// cpp_raii: the load_file example in C++11, with the document owned by a
// std::unique_ptr whose deleter is govtext_doc_free.
//
//   cpp_raii PATH
#include <govtext.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

namespace {

struct DocDeleter {
    void operator()(govtext_doc *doc) const noexcept { govtext_doc_free(doc); }
};
using DocPtr = std::unique_ptr<govtext_doc, DocDeleter>;

// Thrown for a failed call; what() is the document's message.
class Error : public std::runtime_error {
public:
    Error(govtext_status status, const std::string &what)
        : std::runtime_error(what), status_(status) {}
    govtext_status status() const noexcept { return status_; }

private:
    govtext_status status_;
};

DocPtr new_doc()
{
    DocPtr doc(govtext_doc_new());
    if (!doc)
        throw std::bad_alloc();
    return doc;
}

DocPtr load_file(const char *path)
{
    govtext_load_options opts;
    govtext_status st = govtext_load_options_init(&opts, sizeof opts);
    if (st != GOVTEXT_OK)
        throw Error(st, std::string("govtext_load_options_init: ") + govtext_status_string(st));

    DocPtr doc = new_doc();
    st = govtext_doc_load_file(doc.get(), path, &opts);
    if (st != GOVTEXT_OK)
        throw Error(st, std::string(path) + ": " + govtext_doc_errmsg(doc.get()) + " (" +
                            govtext_status_name(st) + ")");
    return doc;  // freed by DocDeleter when the caller is done
}

const struct {
    govtext_counter which;
    const char *name;
} counters[] = {
    {GOVTEXT_COUNT_INVALID_BYTES, "invalid_bytes"},
    {GOVTEXT_COUNT_BOM, "bom"},
    {GOVTEXT_COUNT_NEWLINES, "newlines"},
    {GOVTEXT_COUNT_ZERO_WIDTH, "zero_width"},
    {GOVTEXT_COUNT_CONTROLS, "controls"},
    {GOVTEXT_COUNT_NFC, "nfc"},
    {GOVTEXT_COUNT_WIDTH, "width"},
    {GOVTEXT_COUNT_PARTIAL, "partial"},
};

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::cerr << "usage: " << (argc > 0 ? argv[0] : "cpp_raii") << " FILE\n";
        return 2;
    }
    try {
        DocPtr doc = load_file(argv[1]);

        std::cerr << "encoding: " << govtext_encoding_name(govtext_doc_encoding(doc.get()))
                  << "\n";
        char conf[32];
        std::snprintf(conf, sizeof conf, "%.3f", govtext_doc_confidence(doc.get()));
        std::cerr << "confidence: " << conf << "\n";
        for (const auto &c : counters)
            std::cerr << c.name << ": " << govtext_doc_count(doc.get(), c.which) << "\n";

        size_t len = 0;
        const char *text = govtext_doc_text(doc.get(), &len);
        std::cout.write(text, static_cast<std::streamsize>(len));
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "cpp_raii: writing stdout failed\n";
            return 1;
        }
    } catch (const Error &e) {
        std::cerr << "cpp_raii: " << e.what() << "\n";
        return 1;
    } catch (const std::exception &e) {
        std::cerr << "cpp_raii: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
