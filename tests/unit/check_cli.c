/* The govtext command-line program, run as a user runs it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define DATA GOVTEXT_TEST_DATA "/"

/* Runs `govtext ARGS`, returns its exit status; *out gets stdout (and
 * stderr where the command line redirects it). */
static int run(const char *args, char **out, size_t *out_len)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s", GOVTEXT_CLI, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, p)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    buf[n] = '\0';
    int st = pclose(p);
    *out = buf;
    if (out_len)
        *out_len = n;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", DATA, name);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

START_TEST(cli_version_and_help)
{
    char *out;
    ck_assert_int_eq(run("--version", &out, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "govtext 0."));
    free(out);
    ck_assert_int_eq(run("--help", &out, NULL), 0);
    ck_assert_ptr_nonnull(strstr(out, "load"));
    ck_assert_ptr_nonnull(strstr(out, "detect"));
    free(out);
    ck_assert_int_eq(run("frobnicate 2>&1", &out, NULL), 2);
    ck_assert_ptr_nonnull(strstr(out, "unknown command"));
    free(out);
}
END_TEST

START_TEST(cli_load_prints_the_decoded_text)
{
    size_t tlen, olen;
    char *twin = slurp("gwr-2018-excerpt.utf8.txt", &tlen);
    char *out;
    ck_assert_int_eq(run("load " DATA "gwr-2018-excerpt.gbk.txt", &out, &olen), 0);
    ck_assert_uint_eq(olen, tlen);
    ck_assert_mem_eq(out, twin, tlen);
    free(out);
    /* From standard input, with the encoding forced. */
    ck_assert_int_eq(run("load --encoding GBK - < " DATA "gwr-2018-excerpt.gbk.txt", &out, &olen),
                     0);
    ck_assert_uint_eq(olen, tlen);
    ck_assert_mem_eq(out, twin, tlen);
    free(out);
    ck_assert_int_eq(run("load --info " DATA "gwr-2018-excerpt.gbk.txt 2>&1 >/dev/null", &out, NULL),
                     0);
    ck_assert_ptr_nonnull(strstr(out, "encoding\tGB18030\n"));
    ck_assert_ptr_nonnull(strstr(out, "invalid_bytes\t0\n"));
    free(out);
    free(twin);
}
END_TEST

START_TEST(cli_detect_prints_one_line_per_file)
{
    char *out;
    ck_assert_int_eq(run("detect " DATA "gwr-2018-excerpt.gbk.txt " DATA
                         "gwr-2018-excerpt-hant.big5.txt " DATA "gwr-2018-excerpt.utf16be.txt",
                         &out, NULL),
                     0);
    ck_assert_ptr_nonnull(strstr(out, "gwr-2018-excerpt.gbk.txt\tGB18030\t1.0000\n"));
    ck_assert_ptr_nonnull(strstr(out, "gwr-2018-excerpt-hant.big5.txt\tBig5\t"));
    ck_assert_ptr_nonnull(strstr(out, "gwr-2018-excerpt.utf16be.txt\tUTF-16BE\t"));
    free(out);
}
END_TEST

START_TEST(cli_bad_input_gives_one_line_and_nonzero_status)
{
    char *out;
    ck_assert_int_eq(run("load /nonexistent/file.txt 2>&1", &out, NULL), 1);
    ck_assert_ptr_nonnull(strstr(out, "cannot open '/nonexistent/file.txt'"));
    ck_assert_ptr_eq(strchr(out, '\n'), out + strlen(out) - 1);
    free(out);
    ck_assert_int_eq(run("load --encoding EBCDIC x 2>&1", &out, NULL), 2);
    ck_assert_ptr_nonnull(strstr(out, "unknown encoding"));
    free(out);
    ck_assert_int_eq(run("load --strict --encoding utf-8 " DATA "gwr-2018-excerpt.gbk.txt 2>&1",
                         &out, NULL),
                     1);
    ck_assert_ptr_nonnull(strstr(out, "invalid UTF-8 byte sequence at byte "));
    free(out);
    ck_assert_int_eq(run("detect 2>&1", &out, NULL), 1);
    free(out);
}
END_TEST

START_TEST(cli_repair_dir_lists_near_duplicates)
{
    char dir[] = "/tmp/govtext-cli-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char cmd[4096], *out;
    snprintf(cmd, sizeof cmd,
             "mkdir %s/in && cp " DATA "gwr-2018-excerpt.utf8.txt %s/in/a.txt && cp " DATA
             "gwr-2018-excerpt.gbk.txt %s/in/b.txt && cp " DATA "gov-headings-excerpt.txt %s/in/c.txt",
             dir, dir, dir, dir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(cmd, sizeof cmd, "repair %s/in --out %s/out 2>&1", dir, dir);
    ck_assert_int_eq(run(cmd, &out, NULL), 0);
    /* The GBK twin is the same document: one group, resemblance 1. */
    ck_assert_ptr_nonnull(strstr(out, "near-duplicate\tb.txt\ta.txt\t1.00\n"));
    ck_assert_ptr_null(strstr(out, "c.txt"));
    free(out);
    snprintf(cmd, sizeof cmd, "test -s %s/out/a.txt && test -s %s/out/c.txt && rm -rf %s", dir, dir,
             dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_add_test(tc, cli_version_and_help);
    tcase_add_test(tc, cli_load_prints_the_decoded_text);
    tcase_add_test(tc, cli_detect_prints_one_line_per_file);
    tcase_add_test(tc, cli_bad_input_gives_one_line_and_nonzero_status);
    tcase_add_test(tc, cli_repair_dir_lists_near_duplicates);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
