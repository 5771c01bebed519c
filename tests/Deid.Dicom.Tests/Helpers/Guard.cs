using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>
    /// Runs code on a worker thread under a watchdog, so that a hang in the codec fails the test (naming the case)
    /// instead of hanging the whole run.
    /// </summary>
    public static class Guard
    {
        public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(2);

        /// <summary>Runs <paramref name="body"/> and returns its result; fails when it runs longer than <paramref name="limit"/>.</summary>
        public static T Within<T>(Func<T> body, string what, TimeSpan? limit = null)
        {
            var task = Task.Factory.StartNew(body, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            var max = limit ?? DefaultLimit;
            if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(WaitLimit(max))) throw new XunitException($"{what} did not finish within {max.TotalSeconds:0.#} s (hang?).");
            return task.GetAwaiter().GetResult();
        }

        /// <summary>Runs <paramref name="body"/>; fails when it runs longer than <paramref name="limit"/>.</summary>
        public static void Within(Action body, string what, TimeSpan? limit = null) =>
            Within(() => { body(); return 0; }, what, limit);

        /// <summary>
        /// Runs many small cases one after the other on one worker thread, each under its own time limit. The first
        /// failing case (exception or timeout) fails the test with its name.
        /// </summary>
        public static void Cases<TCase>(IEnumerable<TCase> cases, Func<TCase, string> name, Action<TCase> body, TimeSpan? perCase = null)
        {
            var limit = perCase ?? DefaultLimit;
            long started = 0;
            string current = "(none)";
            var task = Task.Factory.StartNew(() =>
            {
                foreach (var c in cases)
                {
                    Volatile.Write(ref current, name(c));
                    Volatile.Write(ref started, Stopwatch.GetTimestamp());
                    try
                    {
                        body(c);
                    }
                    catch (Exception ex) when (ex is not XunitException)
                    {
                        throw new XunitException($"Case {name(c)}: unexpected {ex.GetType().Name}: {ex.Message}\n{ex}");
                    }
                    catch (XunitException ex)
                    {
                        throw new XunitException($"Case {name(c)}: {ex.Message}");
                    }
                }
                Volatile.Write(ref started, 0L);
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(50))
            {
                long s = Volatile.Read(ref started);
                if (s != 0 && Stopwatch.GetElapsedTime(s) > WaitLimit(limit))
                    throw new XunitException($"Case {Volatile.Read(ref current)} did not finish within {limit.TotalSeconds:0.#} s (hang?).");
            }
            task.GetAwaiter().GetResult();
        }

        // Under a debugger everything is slow; only a real hang should fail.
        private static TimeSpan WaitLimit(TimeSpan limit) => Debugger.IsAttached ? TimeSpan.FromMinutes(10) : limit;
    }
}
