package dev.toonforge.dcgan;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The zip layout of checkpoints and generator exports: properties files and ND4J binary arrays, one entry each. */
final class Archive {

    private Archive() {
    }

    static final class Writer implements AutoCloseable {
        private final ZipOutputStream zip;

        Writer(OutputStream out) {
            // The caller owns the stream: finish the zip, never close it.
            this.zip = new ZipOutputStream(new FilterOutputStream(out) {
                @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }
                @Override public void close() throws IOException { flush(); }
            });
            // Trained weights and Adam's moments are close to random bits, which no level shrinks much; the fastest
            // level still packs what repeats (a new network's zeroed moments) and keeps a checkpoint's write short.
            zip.setLevel(Deflater.BEST_SPEED);
        }

        void properties(String name, Properties properties) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            properties.store(zip, null);
            zip.closeEntry();
        }

        void array(String name, INDArray array) throws IOException {
            zip.putNextEntry(new ZipEntry(name));
            // ND4J writes value by value: buffered, the deflater sees large blocks instead of four bytes at a time.
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
            Nd4j.write(array, data);
            data.flush();
            zip.closeEntry();
        }

        @Override
        public void close() throws IOException {
            zip.finish();
            zip.flush();
        }
    }

    /** All entries of a zip, read into memory. */
    static Map<String, byte[]> readAll(InputStream in, String what) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            zip.transferTo(bytes);
            entries.put(e.getName(), bytes.toByteArray());
        }
        if (entries.isEmpty()) {
            throw new IOException("the stream holds no " + what + " (not a zip, or empty)");
        }
        return entries;
    }

    static Properties properties(Map<String, byte[]> entries, String name, String what) throws IOException {
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(require(entries, name, what)));
        return p;
    }

    static INDArray array(Map<String, byte[]> entries, String name, String what) throws IOException {
        return Nd4j.read(new DataInputStream(new ByteArrayInputStream(require(entries, name, what))));
    }

    private static byte[] require(Map<String, byte[]> entries, String name, String what) throws IOException {
        byte[] b = entries.get(name);
        if (b == null) {
            throw new IOException("the " + what + " has no entry '" + name + "'; entries: " + entries.keySet());
        }
        return b;
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
