Console.WriteLine("blobasaur: not wired yet");
