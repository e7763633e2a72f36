/* mktar: write a tar (or tar.gz) with exactly the entries given, hostile
 * ones included, so tests need no archive files checked in.
 *
 *   mktar [-z] OUT ENTRY...
 *     f:PATH=TEXT      regular file with TEXT as content
 *     d:PATH           directory
 *     l:PATH=TARGET    symlink
 *     h:PATH=TARGET    hardlink to TARGET
 *     c:PATH=MAJ,MIN   character device
 *     p:PATH           fifo
 * PATH is written as given: "../x" and "/x" stay what they are. */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

static void die(const char *what, struct archive *a)
{
    fprintf(stderr, "mktar: %s: %s\n", what, a ? archive_error_string(a) : "bad argument");
    exit(2);
}

int main(int argc, char **argv)
{
    int i = 1, gzip = 0;
    struct archive *a;

    if (argc > 1 && !strcmp(argv[1], "-z")) {
        gzip = 1;
        i++;
    }
    if (argc - i < 1)
        die("usage: mktar [-z] OUT ENTRY...", NULL);
    a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    if (gzip)
        archive_write_add_filter_gzip(a);
    if (archive_write_open_filename(a, argv[i++]) != ARCHIVE_OK)
        die("open", a);
    for (; i < argc; i++) {
        char *spec = strdup(argv[i]), *path = spec + 2, *value = strchr(path, '=');
        struct archive_entry *e = archive_entry_new();

        if (strlen(spec) < 3 || spec[1] != ':')
            die(argv[i], NULL);
        if (value)
            *value++ = '\0';
        archive_entry_set_pathname(e, path);
        archive_entry_set_mtime(e, 1700000000, 0);
        archive_entry_set_uid(e, 0);
        archive_entry_set_gid(e, 0);
        switch (spec[0]) {
        case 'f':
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0644);
            archive_entry_set_size(e, value ? (la_int64_t)strlen(value) : 0);
            break;
        case 'd':
            archive_entry_set_filetype(e, AE_IFDIR);
            archive_entry_set_perm(e, 0755);
            break;
        case 'l':
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_perm(e, 0777);
            archive_entry_set_symlink(e, value ? value : "");
            break;
        case 'h':
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_perm(e, 0644);
            archive_entry_set_hardlink(e, value ? value : "");
            archive_entry_set_size(e, 0);
            break;
        case 'c': {
            unsigned maj = 0, min = 0;
            if (!value || sscanf(value, "%u,%u", &maj, &min) != 2)
                die(argv[i], NULL);
            archive_entry_set_filetype(e, AE_IFCHR);
            archive_entry_set_perm(e, 0666);
            archive_entry_set_rdev(e, makedev(maj, min));
            break;
        }
        case 'p':
            archive_entry_set_filetype(e, AE_IFIFO);
            archive_entry_set_perm(e, 0644);
            break;
        default:
            die(argv[i], NULL);
        }
        if (archive_write_header(a, e) != ARCHIVE_OK)
            die(path, a);
        if (spec[0] == 'f' && value && archive_write_data(a, value, strlen(value)) < 0)
            die(path, a);
        archive_entry_free(e);
        free(spec);
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        die("close", a);
    archive_write_free(a);
    return 0;
}
