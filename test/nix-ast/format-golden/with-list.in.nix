with pkgs; [ a b ]
