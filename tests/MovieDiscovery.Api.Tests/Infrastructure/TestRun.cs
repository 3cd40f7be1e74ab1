using System.Diagnostics;

namespace MovieDiscovery.Api.Tests.Infrastructure;

/// <summary>
/// What a test run leaves behind is its own to clean up. Under <c>scripts/run-tests.sh</c> (so under
/// <c>make test</c>), <c>MOVIES_TEST_RUN_DIR</c> names a folder of this run: the tests make their
/// temporary folders there (PostgreSQL data, API logs, clusters), and every process they start carries
/// <c>MOVIES_TEST_OWNER</c> set to that folder, which its own children inherit. When the run ends,
/// however it ends, the script stops every server whose data folder is in the run folder and every
/// process still carrying the mark, and removes the folder. Without the variable, folders go to the
/// temporary directory and each fixture stops what it started.
/// </summary>
public static class TestRun
{
    public const string FolderVariable = "MOVIES_TEST_RUN_DIR";
    public const string OwnerVariable = "MOVIES_TEST_OWNER";

    /// <summary>This run's folder, or null when the tests run outside the script.</summary>
    public static string? Folder { get; } = Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder && Directory.Exists(folder)
        ? Path.GetFullPath(folder)
        : null;

    /// <summary>A new empty folder, in the run folder when there is one (mode 700, like the temporary directory's).</summary>
    public static string CreateDirectory(string prefix)
    {
        if (Folder is null)
        {
            return Directory.CreateTempSubdirectory(prefix).FullName;
        }

        var path = Path.Combine(Folder, prefix + Guid.NewGuid().ToString("N")[..10]);
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path).FullName;
        }

        return Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
    }

    /// <summary>Marks a process about to be started as this run's, so the run's end finds it even if nothing else stops it.</summary>
    public static ProcessStartInfo Owned(this ProcessStartInfo start)
    {
        if (Folder is not null)
        {
            start.Environment[OwnerVariable] = Folder;
        }

        return start;
    }
}
