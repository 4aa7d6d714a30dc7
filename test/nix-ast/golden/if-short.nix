{ a = if c then 1 else 2; }
