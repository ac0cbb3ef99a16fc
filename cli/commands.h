/* commands.h — the table of commands (git's cmd_struct idea): adding a
 * command is one file cli/cmd_NAME.c and one row in commands.c. */
#ifndef TT_COMMANDS_H
#define TT_COMMANDS_H

#include <stddef.h>

#include "tt_cli.h"

extern const tt_command *const tt_commands[];
extern const size_t tt_n_commands;

/* The command called name, or NULL. */
const tt_command *tt_command_find(const char *name);

extern const tt_command tt_cmd_summary;
extern const tt_command tt_cmd_country;
extern const tt_command tt_cmd_report;
extern const tt_command tt_cmd_compare;
extern const tt_command tt_cmd_rules;
extern const tt_command tt_cmd_spells;
extern const tt_command tt_cmd_trends;
extern const tt_command tt_cmd_transitions;
extern const tt_command tt_cmd_markov;
extern const tt_command tt_cmd_plot;

#endif
