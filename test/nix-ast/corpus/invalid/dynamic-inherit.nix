{ inherit ${"a" + "b"}; }
