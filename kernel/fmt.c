// SPDX-License-Identifier: MIT
/* A small vsnprintf for the kernel: fault reports must format without malloc. */
#include <limits.h>
#include <stdint.h>
#include "kernel/fmt.h"

struct fmt_out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, even past size */
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void fmt_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		fmt_putc(o, c);
}

struct fmt_spec {
	int left, zero, alt, width, prec;
	int length; /* in bytes of the argument: 1 2 4 8 */
};

static void fmt_str(struct fmt_out *o, const char *s, const struct fmt_spec *sp)
{
	int n = 0;
	if (!s)
		s = "(null)";
	/* Precision first: a string with a precision need not be terminated. */
	while ((sp->prec < 0 || n < sp->prec) && s[n])
		n++;
	if (!sp->left)
		fmt_pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		fmt_putc(o, s[i]);
	if (sp->left)
		fmt_pad(o, ' ', sp->width - n);
}

static void fmt_num(struct fmt_out *o, uint64_t v, int neg, unsigned base, int upper,
		    const struct fmt_spec *sp, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	int plen = neg ? 1 : 0;
	for (const char *p = prefix; p && *p; p++)
		plen++;
	int pad = sp->width - n - plen;
	if (!sp->left && !sp->zero)
		fmt_pad(o, ' ', pad);
	if (neg)
		fmt_putc(o, '-');
	for (const char *p = prefix; p && *p; p++)
		fmt_putc(o, *p);
	if (!sp->left && sp->zero)
		fmt_pad(o, '0', pad);
	while (n)
		fmt_putc(o, tmp[--n]);
	if (sp->left)
		fmt_pad(o, ' ', pad);
}

/* Widths and precisions stop growing here instead of overflowing an int. */
#define FMT_MAX_WIDTH 4096

static int fmt_digit(int acc, char d)
{
	acc = acc * 10 + (d - '0');
	return acc > FMT_MAX_WIDTH ? FMT_MAX_WIDTH : acc;
}

static const char *fmt_parse(const char *f, struct fmt_spec *sp, va_list *ap)
{
	*sp = (struct fmt_spec){.prec = -1, .length = 4};
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) { /* C: a negative width is '-' and its magnitude */
			sp->left = 1;
			sp->width = sp->width == INT_MIN ? FMT_MAX_WIDTH : -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = fmt_digit(sp->width, *f++);
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = fmt_digit(sp->prec, *f++);
	}
	for (;; f++) {
		if (*f == 'h')
			sp->length = sp->length == 2 ? 1 : 2;
		else if (*f == 'l' || *f == 'z' || *f == 't' || *f == 'j')
			sp->length = 8;
		else
			break;
	}
	return f;
}

static uint64_t fmt_arg_unsigned(const struct fmt_spec *sp, va_list *ap)
{
	if (sp->length == 8)
		return va_arg(*ap, uint64_t);
	unsigned v = va_arg(*ap, unsigned);
	return sp->length == 1 ? (uint8_t)v : sp->length == 2 ? (uint16_t)v : v;
}

static int64_t fmt_arg_signed(const struct fmt_spec *sp, va_list *ap)
{
	if (sp->length == 8)
		return va_arg(*ap, int64_t);
	int v = va_arg(*ap, int);
	return sp->length == 1 ? (int8_t)v : sp->length == 2 ? (int16_t)v : v;
}

int fmt_vsnprintf(char *buf, size_t size, const char *f, va_list ap0)
{
	struct fmt_out o = {buf, size, 0};
	struct fmt_spec sp;
	va_list ap;
	va_copy(ap, ap0);
	for (; *f; f++) {
		if (*f != '%') {
			fmt_putc(&o, *f);
			continue;
		}
		f = fmt_parse(f + 1, &sp, &ap);
		switch (*f) {
		case 'd':
		case 'i': {
			int64_t v = fmt_arg_signed(&sp, &ap);
			fmt_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, 0, &sp, 0);
			break;
		}
		case 'u':
			fmt_num(&o, fmt_arg_unsigned(&sp, &ap), 0, 10, 0, &sp, 0);
			break;
		case 'x':
		case 'X': {
			/* C's '#': a 0x prefix, but none before zero. */
			uint64_t v = fmt_arg_unsigned(&sp, &ap);
			fmt_num(&o, v, 0, 16, *f == 'X', &sp,
				sp.alt && v ? (*f == 'X' ? "0X" : "0x") : 0);
			break;
		}
		case 'o': {
			/* C's '#': a leading 0, which zero already has. */
			uint64_t v = fmt_arg_unsigned(&sp, &ap);
			fmt_num(&o, v, 0, 8, 0, &sp, sp.alt && v ? "0" : 0);
			break;
		}
		case 'p':
			fmt_num(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, &sp, "0x");
			break;
		case 's':
			fmt_str(&o, va_arg(ap, const char *), &sp);
			break;
		case 'c':
			if (!sp.left)
				fmt_pad(&o, ' ', sp.width - 1);
			fmt_putc(&o, (char)va_arg(ap, int));
			if (sp.left)
				fmt_pad(&o, ' ', sp.width - 1);
			break;
		case '%':
			fmt_putc(&o, '%');
			break;
		case '\0':
			f--; /* a lone '%' at the end: stop at the NUL */
			break;
		default: /* unknown conversion: print it as is */
			fmt_putc(&o, '%');
			fmt_putc(&o, *f);
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
