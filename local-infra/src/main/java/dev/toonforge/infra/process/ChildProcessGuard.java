package dev.toonforge.infra.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Main class of a child JVM that must not outlive its parent. The parent keeps the child's stdin open; when the parent
 * dies for any reason (exit, Ctrl-C, kill -9) the pipe closes, the read returns end-of-file, and the child halts.
 * Then it runs the real main class given as the first argument.
 */
public final class ChildProcessGuard {

    private ChildProcessGuard() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ChildProcessGuard <main-class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ChildProcessGuard::haltWhenParentGoes, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
        Class.forName(args[0]).getMethod("main", String[].class)
                .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }

    private static void haltWhenParentGoes() {
        InputStream in = System.in;
        try {
            while (in.read() != -1) {
                // The parent never writes; any byte is ignored.
            }
        } catch (IOException ignored) {
            // A broken pipe means the same as end-of-file.
        }
        Runtime.getRuntime().halt(0);
    }
}
