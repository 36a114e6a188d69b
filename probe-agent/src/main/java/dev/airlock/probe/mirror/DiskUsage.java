package dev.airlock.probe.mirror;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The used fraction of the file system holding a path, as {@code df} computes "Use%". */
public final class DiskUsage {
  private DiskUsage() {}

  /** used / (used + available), where used = total - unallocated. */
  public static double usedRatio(Path path) throws IOException {
    FileStore store = Files.getFileStore(path);
    long total = store.getTotalSpace();
    long used = total - store.getUnallocatedSpace();
    long available = store.getUsableSpace();
    if (used + available <= 0) {
      throw new IOException(path + ": file store reports no space at all");
    }
    return (double) used / (used + available);
  }
}
