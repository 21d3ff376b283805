/*
 * banned.h - unsafe C string functions made into compile errors.
 * Use struct ms_buf (buf.h) for all string building instead.
 */
#ifndef MS_BANNED_H
#define MS_BANNED_H

#define MS_BANNED(func) sorry_##func##_is_banned_use_ms_buf

#undef strcpy
#define strcpy(x, y) MS_BANNED(strcpy)
#undef strcat
#define strcat(x, y) MS_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) MS_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) MS_BANNED(strncat)
#undef sprintf
#define sprintf(...) MS_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) MS_BANNED(vsprintf)
#undef gets
#define gets(x) MS_BANNED(gets)

#endif
