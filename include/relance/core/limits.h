/* Every size cap of relance, in one place (STYLE.md, "Memory and strings"). */
#ifndef RELANCE_CORE_LIMITS_H
#define RELANCE_CORE_LIMITS_H

#define RL_MAX_FIELD (64 * 1024)          /* one CSV field */
#define RL_MAX_RECORD (1024 * 1024)       /* one CSV record, all fields */
#define RL_MAX_COLUMNS 256                /* columns in a CSV file */
#define RL_MAX_ERRORS_SHOWN 20            /* bad rows printed before "... and N more" */
#define RL_MAX_ID 128                     /* bytes in an invoice number, customer id, ... */
#define RL_MAX_TEXT (16 * 1024)           /* bytes in a name, address, note */
#define RL_MAX_SQL (64 * 1024)            /* one SQL statement built at run time */
#define RL_MAX_OUTPUT (256 * 1024 * 1024) /* one in-memory report */

#endif
