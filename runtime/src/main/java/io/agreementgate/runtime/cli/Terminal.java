package io.agreementgate.runtime.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** What a command reads and writes, handed down from the top command so tests can give their own. */
public interface Terminal {
    InputStream in();

    PrintStream out();

    PrintStream err();

    Map<String, String> environment();
}
