// Xapian as an index peer: TermGenerator with FLAG_CJK_NGRAM (Han runs
// become unigrams and bigrams, with positions), no stemming, the id as the
// document data.  A query part is parsed by QueryParser with FLAG_CJK_NGRAM
// as a quoted phrase (the closest Xapian gets to "this exact string";
// set PEER_XAPIAN_QUOTE=0 to parse it unquoted, as typed), parts ANDed.
//   peer_xapian build DIR CORPUS.jsonl
//   peer_xapian search DIR QUERIES
#include "peer_common.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct engine {
    Xapian::Database db;
    Xapian::QueryParser qp;
    std::vector<std::string> ids; // by docid - 1
    bool quote = true;
};

int build(const char *dir, const char *corpus)
{
    Xapian::WritableDatabase db(dir, Xapian::DB_CREATE);
    Xapian::TermGenerator tg;
    tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    peer_jsonl *r = peer_jsonl_open(corpus);
    if (!r)
        return 1;
    peer_doc d;
    int got;
    while ((got = peer_jsonl_next(r, &d)) == 1) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(std::string(d.text, d.text_len));
        doc.set_data(std::string(d.id, d.id_len));
        db.add_document(doc);
    }
    peer_jsonl_close(r);
    db.commit();
    return got < 0 ? 1 : 0;
}

int search(void *engine_, char **parts, int n_parts, peer_hits *hits)
{
    engine *e = static_cast<engine *>(engine_);
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;
    std::vector<Xapian::Query> qs;
    for (int i = 0; i < n_parts; i++) {
        std::string part = parts[i];
        qs.push_back(e->qp.parse_query(e->quote ? "\"" + part + "\"" : part, flags));
    }
    Xapian::Query q(Xapian::Query::OP_AND, qs.begin(), qs.end());
    Xapian::Enquire enquire(e->db);
    enquire.set_query(q);
    Xapian::MSet m = enquire.get_mset(0, e->db.get_doccount());
    for (Xapian::MSetIterator it = m.begin(); it != m.end(); ++it) {
        const std::string &id = e->ids.at(*it - 1);
        peer_hits_add(hits, id.data(), id.size());
    }
    return 0;
}

int run_search(const char *dir, const char *queries)
{
    engine e;
    e.db = Xapian::Database(dir);
    e.qp.set_database(e.db);
    const char *quote = std::getenv("PEER_XAPIAN_QUOTE");
    e.quote = !(quote && std::strcmp(quote, "0") == 0);
    Xapian::docid last = e.db.get_lastdocid();
    for (Xapian::docid i = 1; i <= last; i++)
        e.ids.push_back(e.db.get_document(i).get_data());
    return peer_run_queries(queries, search, &e);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4)
        return peer_usage(argv[0], "");
    try {
        if (std::strcmp(argv[1], "build") == 0)
            return build(argv[2], argv[3]);
        if (std::strcmp(argv[1], "search") == 0)
            return run_search(argv[2], argv[3]);
    } catch (const Xapian::Error &err) {
        std::fprintf(stderr, "peer_xapian: %s\n", err.get_description().c_str());
        return 1;
    }
    return peer_usage(argv[0], "");
}
