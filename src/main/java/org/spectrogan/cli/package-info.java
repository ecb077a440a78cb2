/**
 * The {@code spectrogan} command line (picocli). In: arguments. Out: exit status 0 on success, 2 with one
 * line naming the file and the problem on bad input, 1 on an internal error; stack traces only with --debug.
 */
package org.spectrogan.cli;
