/* ProcessPrng for Wine 8 (Debian 12), which has no bcryptprimitives.dll: Rust's standard library
 * (1.78 and later) imports ProcessPrng from it, so no Rust program starts under that Wine without
 * this. Real Windows 10 and 11 ship the DLL; this file is only ever put in the test runner's Wine
 * prefix (scripts/wine-test.sh), never in a build of the app. It asks RtlGenRandom
 * (advapi32's SystemFunction036), which Wine has, for the bytes. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
