// cpp_raii: the load_file example in C++11, with every handle (document,
// index writer, index, result set) owned by a std::unique_ptr whose deleter
// is the matching govtext_*_free.
//
//   cpp_raii PATH [DIR [QUERY]]
//
// Given a folder, it indexes every file in it (loaded and repaired) into a
// temporary index file and searches it (QUERY, default 政府工作报告),
// printing the hits with snippets on stderr.
#include <govtext.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

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

struct WriterDeleter {
    void operator()(govtext_index_writer *w) const noexcept { govtext_index_writer_free(w); }
};
struct IndexDeleter {
    void operator()(govtext_index *idx) const noexcept { govtext_index_free(idx); }
};
struct ResultsDeleter {
    void operator()(govtext_results *r) const noexcept { govtext_results_free(r); }
};
using WriterPtr = std::unique_ptr<govtext_index_writer, WriterDeleter>;
using IndexPtr = std::unique_ptr<govtext_index, IndexDeleter>;
using ResultsPtr = std::unique_ptr<govtext_results, ResultsDeleter>;

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

// The regular files of dir, by name.
std::vector<std::string> files_in(const std::string &dir)
{
    std::unique_ptr<DIR, int (*)(DIR *)> d(opendir(dir.c_str()), closedir);
    if (!d)
        throw std::runtime_error(dir + ": " + std::strerror(errno));
    std::vector<std::string> names;
    while (const dirent *e = readdir(d.get())) {
        struct stat sb;
        if (stat((dir + "/" + e->d_name).c_str(), &sb) == 0 && S_ISREG(sb.st_mode))
            names.push_back(e->d_name);
    }
    return names;
}

// Indexes the files of dir (loaded and repaired; a file that fails is
// skipped with a message) into index_path.
void build_index(const std::string &dir, const std::string &index_path)
{
    govtext_index_writer *raw = nullptr;
    govtext_status st = govtext_index_writer_new(nullptr, &raw);  // the default lexicon
    if (st != GOVTEXT_OK)
        throw Error(st, std::string("govtext_index_writer_new: ") + govtext_status_string(st));
    WriterPtr w(raw);
    for (const std::string &name : files_in(dir)) {
        try {
            DocPtr doc = load_file((dir + "/" + name).c_str());
            st = govtext_doc_repair(doc.get(), nullptr, nullptr);
            if (st != GOVTEXT_OK)
                throw Error(st, name + ": " + govtext_doc_errmsg(doc.get()));
            size_t len = 0;
            const char *text = govtext_doc_text(doc.get(), &len);
            st = govtext_index_writer_add(w.get(), name.data(), name.size(), text, len, nullptr);
            if (st != GOVTEXT_OK)
                throw Error(st, name + ": " + govtext_index_writer_errmsg(w.get()));
        } catch (const Error &e) {
            std::cerr << "cpp_raii: skipping " << e.what() << "\n";
        }
    }
    st = govtext_index_writer_save(w.get(), index_path.c_str());
    if (st != GOVTEXT_OK)
        throw Error(st, govtext_index_writer_errmsg(w.get()));
    std::cerr << "indexed: " << govtext_index_writer_count(w.get()) << " documents from " << dir
              << "\n";
}

// Opens the index and prints the best hits of query with their snippets.
void search_index(const std::string &index_path, const std::string &query)
{
    IndexPtr idx(govtext_index_new());
    ResultsPtr r(govtext_results_new());
    if (!idx || !r)
        throw std::bad_alloc();
    govtext_status st = govtext_index_open(idx.get(), index_path.c_str());
    if (st != GOVTEXT_OK)
        throw Error(st, index_path + ": " + govtext_index_errmsg(idx.get()));
    govtext_search_options opts;
    govtext_search_options_init(&opts, sizeof opts);
    opts.limit = 5;
    opts.flags = GOVTEXT_SEARCH_SNIPPETS;
    opts.snippet_chars = 12;
    st = govtext_index_search(idx.get(), query.data(), query.size(), &opts, r.get());
    if (st != GOVTEXT_OK)
        throw Error(st, govtext_results_errmsg(r.get()));
    std::cerr << "search " << query << ": " << govtext_results_total(r.get()) << " documents\n";
    for (size_t i = 0; i < govtext_results_count(r.get()); i++) {
        govtext_hit hit;
        hit.struct_size = sizeof hit;
        govtext_results_get(r.get(), i, &hit);
        size_t id_len = 0, snip_len = 0;
        const char *id = govtext_index_doc_id(idx.get(), hit.doc, &id_len);
        const char *snip = govtext_results_snippet(r.get(), i, &snip_len);
        std::string snippet(snip ? snip : "", snip_len);
        for (char &c : snippet)
            if (c == '\n')
                c = ' ';
        char score[32];
        std::snprintf(score, sizeof score, "%.3f", hit.score);
        std::cerr << "  " << std::string(id, id_len) << " " << score << " " << hit.occurrences
                  << " [" << hit.match_start << ":" << hit.match_end << "] " << snippet << "\n";
    }
}

// A temporary directory, removed with the index file in it.
class TempIndex {
public:
    TempIndex()
    {
        const char *base = std::getenv("TMPDIR");
        std::string tmpl = std::string(base && *base ? base : "/tmp") + "/cpp_raii.XXXXXX";
        std::vector<char> buf(tmpl.begin(), tmpl.end());
        buf.push_back('\0');
        if (!mkdtemp(buf.data()))
            throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
        dir_ = buf.data();
    }
    ~TempIndex()
    {
        unlink(path().c_str());
        rmdir(dir_.c_str());
    }
    TempIndex(const TempIndex &) = delete;
    TempIndex &operator=(const TempIndex &) = delete;
    std::string path() const { return dir_ + "/index.gtx"; }

private:
    std::string dir_;
};

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
    if (argc < 2 || argc > 4) {
        std::cerr << "usage: " << (argc > 0 ? argv[0] : "cpp_raii") << " FILE [DIR [QUERY]]\n";
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
        if (argc > 2) {
            TempIndex tmp;
            build_index(argv[2], tmp.path());
            search_index(tmp.path(), argc > 3 ? argv[3] : "政府工作报告");
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
