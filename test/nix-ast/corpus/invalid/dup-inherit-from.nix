{ inherit (x) a; a.b = 1; }
