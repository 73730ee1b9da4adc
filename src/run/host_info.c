/* run.json's "system": what a comparison of two runs needs to trust them (sparsebench compare
 * shows it for both sides): the OS, the CPU, its frequency governor where readable, the library
 * versions, and the load average when the run started and when it ended (a second busy process
 * on a small host halves what a kernel gets). The OpenCL drivers are per device, in "devices"
 * (platform_version, driver_version). */
#include "run_meta.h"

#include <clblast_c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <yaml.h>

/* The first line of a file, without its newline; "" when it cannot be read. */
static void first_line(const char *path, char *buf, size_t n)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(buf, (int)n, f))
        buf[strcspn(buf, "\r\n")] = '\0';
    fclose(f);
}

/* The value of the first line "key<spaces>: value" (cpuinfo) or "key=value" (os-release). */
static void file_value(const char *path, const char *key, char sep, char *buf, size_t n)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char line[512];
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) != 0)
            continue;
        char *p = line + klen;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != sep)
            continue;
        p++;
        while (*p == ' ' || *p == '"')
            p++;
        p[strcspn(p, "\"\r\n")] = '\0';
        snprintf(buf, n, "%s", p);
        break;
    }
    fclose(f);
}

cJSON *sb_load_average_json(void)
{
    double load[3];
    if (getloadavg(load, 3) != 3)
        return cJSON_CreateNull();
    return cJSON_CreateDoubleArray(load, 3);
}

cJSON *sb_system_json(void)
{
    cJSON *s = cJSON_CreateObject();
    char buf[512];
    struct utsname u;
    if (uname(&u) == 0) {
        snprintf(buf, sizeof buf, "%s %s %s", u.sysname, u.release, u.machine);
        cJSON_AddStringToObject(s, "kernel", buf);
    }
    file_value("/etc/os-release", "PRETTY_NAME", '=', buf, sizeof buf);
    cJSON_AddStringToObject(s, "os", buf[0] ? buf : "unknown");
    file_value("/proc/cpuinfo", "model name", ':', buf, sizeof buf);
    cJSON_AddStringToObject(s, "cpu_model", buf[0] ? buf : "unknown");
    cJSON_AddNumberToObject(s, "cpus_online", (double)sysconf(_SC_NPROCESSORS_ONLN));
    first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf, sizeof buf);
    cJSON_AddStringToObject(s, "cpu_governor", buf[0] ? buf : "unreadable (no cpufreq here)");
    cJSON *libs = cJSON_AddObjectToObject(s, "libraries");
    snprintf(buf, sizeof buf, "%d.%d.%d (headers built against)", CLBLAST_VERSION_MAJOR,
             CLBLAST_VERSION_MINOR, CLBLAST_VERSION_PATCH);
    cJSON_AddStringToObject(libs, "clblast", buf);
    cJSON_AddStringToObject(libs, "libyaml", yaml_get_version_string());
    cJSON_AddStringToObject(libs, "cjson", cJSON_Version());
    cJSON_AddStringToObject(libs, "opencl_drivers", "per device: devices[].platform_version, "
                                                    "devices[].driver_version");
    cJSON *load = cJSON_AddObjectToObject(s, "load_average");
    cJSON_AddStringToObject(load, "what", "getloadavg(): 1, 5 and 15 minute averages");
    cJSON_AddItemToObject(load, "start", sb_load_average_json());
    return s;
}
