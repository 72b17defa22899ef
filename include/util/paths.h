/*
 * paths: where embudo's files live, and the OS user acting.
 */
#ifndef EMBUDO_PATHS_H
#define EMBUDO_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* The database path: $EMBUDO_DB when set and non-empty, else
 * $XDG_DATA_HOME/embudo/pipeline.db, else ~/.local/share/embudo/pipeline.db.
 * (--db is applied by the caller before asking.) Returns false when no home
 * directory can be found. */
bool paths_default_db(char *out, size_t outsz);

/* The config path: $EMBUDO_CONFIG, else $XDG_CONFIG_HOME/embudo/config.yaml,
 * else ~/.config/embudo/config.yaml. *explicit_out tells whether it came
 * from the environment (a missing explicit file is an error). */
bool paths_default_config(char *out, size_t outsz, bool *explicit_out);

/* Creates the directories above `file` that do not exist, each 0700.
 * Returns false (errno set) on failure. */
bool paths_make_parent_dirs(const char *file);

/* The OS user running the program (passwd name, else $USER, else "uid N"). */
const char *paths_current_user(void);

/* The choice paths_current_user makes, from its inputs (for tests): pw_name
 * when non-empty, else env_user when non-empty, else "uid N". Writes into
 * buf and returns it. */
const char *paths_pick_user(const char *pw_name, const char *env_user,
                            unsigned long uid, char *buf, size_t bufsz);

#endif
