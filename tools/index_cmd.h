/* The index commands of the govtext program. */
#ifndef GOVTEXT_TOOLS_INDEX_CMD_H
#define GOVTEXT_TOOLS_INDEX_CMD_H

int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_stats(int argc, char **argv);

#endif
