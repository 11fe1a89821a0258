/* Console output for early servers. */
#ifndef SERVERS_SYS_CONSOLE_H
#define SERVERS_SYS_CONSOLE_H

void puts_console(const char *s);

#endif
