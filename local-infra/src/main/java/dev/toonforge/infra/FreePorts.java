package dev.toonforge.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Picks a free loopback port when the caller asked for port 0 but the server needs to know its port before binding.
 * The system hands out port 0 at random and can hand out the same port twice in a row, so a port this JVM has
 * handed out already is never handed out again: two servers started together (a broker and its controller) never
 * get the same port.
 */
public final class FreePorts {

    private static final int ATTEMPTS = 20;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int resolve(int requested) {
        return requested != 0 ? requested : fresh(FreePorts::anyFree);
    }

    /** The first port from {@code pick} that this JVM has not handed out yet. */
    static int fresh(IntSupplier pick) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = pick.getAsInt();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 that this JVM has not used already, after "
                + ATTEMPTS + " tries");
    }

    private static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
