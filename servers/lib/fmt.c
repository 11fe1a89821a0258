/* A small printf for servers: one formatter core writing into a sink
 * that is either a caller's buffer or a console buffer flushed in chunks. */
#include "sys/fmt.h"

#include <stdbool.h>
#include <stdint.h>

#include "sys/syscall.h"

struct sink {
	char *buf;
	size_t cap;       /* bytes buf holds */
	size_t pos;       /* bytes in buf now */
	size_t total;     /* bytes the output has in all */
	bool console;     /* flush to the console when full (else truncate) */
};

static void flush(struct sink *s)
{
	if (s->console && s->pos)
		sys_console_write(s->buf, s->pos);
	s->pos = 0;
}

static void put(struct sink *s, char c)
{
	s->total++;
	if (s->console) {
		if (s->pos == s->cap)
			flush(s);
		s->buf[s->pos++] = c;
	} else if (s->pos + 1 < s->cap) {   /* keep room for the NUL */
		s->buf[s->pos++] = c;
	}
}

static void pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		put(s, c);
}

/* Field of `len` chars from str, padded to width. */
static void field(struct sink *s, const char *str, int len, int width,
		  bool left, char padc)
{
	if (!left)
		pad(s, padc, width - len);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (left)
		pad(s, ' ', width - len);
}

static void number(struct sink *s, uint64_t v, bool neg, unsigned base,
		   bool upper, int width, bool left, bool zero)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int len = n + (neg ? 1 : 0);
	if (zero && !left) {
		/* The sign goes before the zeros: -0042. */
		if (neg)
			put(s, '-');
		pad(s, '0', width - len);
	} else {
		if (!left)
			pad(s, ' ', width - len);
		if (neg)
			put(s, '-');
	}
	while (n)
		put(s, tmp[--n]);
	if (left)
		pad(s, ' ', width - len);
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			put(s, *p);
			continue;
		}
		p++;
		bool left = false, zero = false;
		for (;; p++) {
			if (*p == '-')
				left = true;
			else if (*p == '0')
				zero = true;
			else
				break;
		}
		int width = 0;
		if (*p == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			p++;
		} else {
			while (*p >= '0' && *p <= '9')
				width = width * 10 + (*p++ - '0');
		}
		int prec = -1;
		if (*p == '.') {
			p++;
			prec = 0;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else {
				while (*p >= '0' && *p <= '9')
					prec = prec * 10 + (*p++ - '0');
			}
		}
		int lng = 0;   /* 0 int, 1 long, 2 long long, 3 size_t */
		if (*p == 'l') {
			lng = 1;
			if (*++p == 'l') {
				lng = 2;
				p++;
			}
		} else if (*p == 'z') {
			lng = 3;
			p++;
		}
		switch (*p) {
		case 'd':
		case 'i': {
			int64_t v = lng == 1 ? va_arg(ap, long)
				  : lng == 2 ? va_arg(ap, long long)
				  : lng == 3 ? (int64_t)va_arg(ap, size_t)
					     : va_arg(ap, int);
			/* Negate as unsigned: INT64_MIN has no positive. */
			uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
			number(s, mag, v < 0, 10, false, width, left, zero);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng == 1 ? va_arg(ap, unsigned long)
				   : lng == 2 ? va_arg(ap, unsigned long long)
				   : lng == 3 ? va_arg(ap, size_t)
					      : va_arg(ap, unsigned);
			number(s, v, false, *p == 'u' ? 10 : 16, *p == 'X',
			       width, left, zero);
			break;
		}
		case 'p':
			put(s, '0');
			put(s, 'x');
			number(s, (uintptr_t)va_arg(ap, void *), false, 16,
			       false, width > 2 ? width - 2 : 0, left, zero);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			int len = 0;
			while (str[len] && (prec < 0 || len < prec))
				len++;
			field(s, str, len, width, left, ' ');
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			field(s, &c, 1, width, left, ' ');
			break;
		}
		case '%':
			put(s, '%');
			break;
		case '\0':
			return;   /* a lone '%' at the end */
		default:
			/* Unknown conversion: show it as written. */
			put(s, '%');
			put(s, *p);
			break;
		}
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .cap = size };
	format(&s, fmt, ap);
	if (size)
		buf[s.pos] = '\0';
	return (int)s.total;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	char buf[256];
	struct sink s = { .buf = buf, .cap = sizeof(buf), .console = true };
	format(&s, fmt, ap);
	flush(&s);
	return (int)s.total;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
