namespace Deid.Steps
{
    /// <summary>
    /// One stage of the work done to each file of a batch (the header recipe, pixel cleaning, ...). The batch opens the file once,
    /// begins every step (so each sees the file as it was read), applies them in order, then writes the result atomically; a step
    /// plugs in without the batch, the streaming, the writer or the cmdlet knowing what it does.
    /// </summary>
    /// <remarks>
    /// A step object is shared by all the files of a batch and by its worker threads: keep per-file state in the
    /// <see cref="IFileStepRun"/> that <see cref="Begin"/> returns.
    /// </remarks>
    public interface IFileStep
    {
        /// <summary>The step's name in results and warnings, e.g. <c>Header</c>.</summary>
        string Name { get; }

        /// <summary>
        /// Starts the step on one file. Called for every step before any step applies, so a step that decides from the original
        /// header (a filter reading the patient's name before the header step removes it) reads it here.
        /// </summary>
        IFileStepRun Begin(FileStepContext context);
    }

    /// <summary>A step's work on one file.</summary>
    public interface IFileStepRun
    {
        /// <summary>Changes the file in memory and says what it changed.</summary>
        IStepStatistics Apply();
    }
}
